import CycleCloudAPI
import Foundation

/// Hourly prices per machine type, for the optimal planner's second stage: among plans that
/// place the most weighted jobs, the cheapest, instead of the one with the fewest vCPUs.
///
/// The file is `{"currency": "USD", "prices": {"Standard_HB120rs_v3": 3.60, …}}`; names are
/// matched without regard to case. Prices become whole thousandths so that the stage keeps
/// integer coefficients, which GLPK needs to round its bounds.
public struct PriceList: Sendable, Hashable {
    private struct File: Codable {
        var currency: String?
        var prices: [String: Double]
    }

    /// The currency, for reports.
    public var currency: String
    private var prices: [String: Double]

    /// A price list of `prices` per machine type.
    public init(currency: String = "USD", prices: [String: Double]) {
        self.currency = currency
        self.prices = Dictionary(
            prices.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// The hourly price of `machineType`, if the list has it.
    public subscript(machineType: String) -> Double? {
        prices[machineType.lowercased()]
    }

    /// The price in whole thousandths of the currency unit.
    func milliPrice(_ machineType: String) -> Int? {
        self[machineType].map { Int(($0 * 1000).rounded()) }
    }

    /// Reads a price file.
    ///
    /// - Throws: `InputError` naming the file and the entry with a negative or non-finite
    ///   price.
    public static func load(path: String) throws(InputError) -> PriceList {
        let file = try JSONDocument.load(File.self, path: path)
        for (name, price) in file.prices where !(price.isFinite && price >= 0) {
            throw InputError(
                document: path, location: "$.prices.\(name)",
                problem: "\(price) is not a price; give a number of 0 or more")
        }
        return PriceList(currency: file.currency ?? "USD", prices: file.prices)
    }

    /// Checks that every bucket `problem` may add nodes to has a price.
    ///
    /// - Throws: `InputError` naming the first machine type without one.
    public func checkCovers(_ problem: PlanningProblem, document: String) throws(InputError) {
        let used = Set(problem.eligibleBuckets.joined())
        for bucket in problem.model.buckets where used.contains(bucket.index) {
            if self[bucket.machineType] == nil {
                throw InputError(
                    document: document,
                    problem: "no price for \(bucket.machineType) (bucket \(bucket.nodearray)/"
                        + "\(bucket.machineType)); every machine type a plan may use needs one")
            }
        }
    }
}
