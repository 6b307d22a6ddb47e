import BerthPlanning
import CycleCloudAPI
import Foundation

/// The library's SplitMix64 as a random number generator: a failing case is reproduced
/// from its seed alone.
struct SeededGenerator: RandomNumberGenerator {
    private var source: SplitMix64

    init(seed: UInt64) {
        source = SplitMix64(seed: seed)
    }

    mutating func next() -> UInt64 {
        source.next()
    }
}

/// The base seed of the property tests: `BERTH_TEST_SEED` when set, so that a run can be
/// repeated or varied, else a fixed number.
let propertySeedBase: UInt64 = {
    if let text = ProcessInfo.processInfo.environment["BERTH_TEST_SEED"], let seed = UInt64(text) {
        return seed
    }
    return 20_240_611
}()

/// A random snapshot and workload mix: nodearrays of random buckets with random limits,
/// quotas, placement groups, spot, capacity failures and node records, and job classes of
/// every kind with random requirements. Every snapshot passes `SnapshotCheck`; every workload
/// names only nodearrays and machine types the snapshot has.
struct RandomScenario {
    var status: ClusterStatus
    var jobs: [JobClass]

    private static let machines = [
        "Standard_F4s_v2", "Standard_F8s_v2", "Standard_F16s_v2", "Standard_D16s_v5",
        "Standard_HC44rs", "Standard_HB120rs_v3", "Standard_NC24ads_A100_v4", "Standard_E4-2s_v5",
    ]
    private static let regions = ["eastus", "westus"]

    init(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        status = Self.snapshot(&random)
        jobs = Self.workload(for: status, &random)
    }

    private static func chance(_ probability: Double, _ random: inout SeededGenerator) -> Bool {
        Double.random(in: 0..<1, using: &random) < probability
    }

    private static func maybe<T>(
        _ probability: Double, _ random: inout SeededGenerator, _ make: (inout SeededGenerator) -> T
    ) -> T? {
        chance(probability, &random) ? make(&random) : nil
    }

    // MARK: - Snapshot

    private struct Quota {
        var cores: Int
        var used: Int
    }

    /// A quota of up to 3000 vCPUs; a third are nearly used up, the rest at most half used.
    private static func quota(_ random: inout SeededGenerator) -> Quota {
        let cores = Int.random(in: 0...3000, using: &random)
        let used =
            chance(0.3, &random)
            ? Int.random(in: (cores * 9 / 10)...cores, using: &random)
            : Int.random(in: 0...(cores / 2), using: &random)
        return Quota(cores: cores, used: used)
    }

    private static func snapshot(_ random: inout SeededGenerator) -> ClusterStatus {
        var families: [String: Quota?] = [:]
        var regional: [String: Quota?] = [:]
        var spot: [String: Quota] = [:]
        var status = cluster(
            maxCount: maybe(0.5, &random) { Int.random(in: 5...200, using: &$0) },
            maxCoreCount: maybe(0.5, &random) { Int.random(in: 100...8000, using: &$0) })
        let arrays = Int.random(in: 1...4, using: &random)
        for index in 0..<arrays {
            let region = regions.randomElement(using: &random) ?? "eastus"
            let isSpot = chance(0.25, &random)
            var buckets: [BucketStatus] = []
            let types = machines.shuffled(using: &random).prefix(
                Int.random(in: 1...3, using: &random))
            for machineType in types {
                var made = randomBucket(machineType, &random)
                if isSpot {
                    let pool = spot[region] ?? quota(&random)
                    spot[region] = pool
                    made = made.familyQuota(0).regionalQuota(pool.cores, used: pool.used)
                } else {
                    let family = TestMachines.catalog[machineType]?.family ?? machineType
                    let key = family + "|" + region
                    if families[key] == nil { families[key] = maybe(0.7, &random) { quota(&$0) } }
                    if regional[region] == nil {
                        regional[region] = maybe(0.6, &random) { quota(&$0) }
                    }
                    if let family = families[key] ?? nil {
                        made = made.familyQuota(family.cores, used: family.used)
                    } else if chance(0.5, &random) {
                        let fallback = quota(&random)
                        made = made.quota(fallback.cores, consumed: fallback.used)
                    }
                    if let region = regional[region] ?? nil {
                        made = made.regionalQuota(region.cores, used: region.used)
                    }
                }
                buckets.append(made)
            }
            var array = nodearray(
                "na\(index)", region: region, spot: isSpot,
                maxCount: maybe(0.5, &random) { Int.random(in: 0...60, using: &$0) },
                maxCoreCount: maybe(0.5, &random) { Int.random(in: 0...3000, using: &$0) },
                maxScaleSetSize: maybe(0.3, &random) { Int.random(in: 1...20, using: &$0) })
            array.buckets = buckets.map { bucket in
                bucket.with { $0.bucketId = "na\(index)/\($0.machineType ?? "")" }
            }
            status.nodearrays.append(array)
        }
        if chance(0.3, &random) {
            status.nodes = nodeRecords(for: status, &random)
        }
        return status
    }

    private static func randomBucket(_ machineType: String, _ random: inout SeededGenerator)
        -> BucketStatus
    {
        let active = Int.random(in: 0...8, using: &random)
        let available = Int.random(in: 0...30, using: &random)
        var made = bucket(
            machineType, available: available, active: active,
            maxCount: active + available + Int.random(in: 0...5, using: &random))
        let vcpus = made.virtualMachine.vcpuCount
        if chance(0.85, &random) {
            let size = Int.random(in: 1...12, using: &random)
            let coreSize =
                chance(0.3, &random)
                ? Int.random(in: vcpus...(size * vcpus), using: &random) : size * vcpus
            let largest = min(size, coreSize / vcpus)
            let groups = (0..<Int.random(in: 0...2, using: &random)).map {
                ("\(machineType)_pg\($0)", Int.random(in: 0...largest, using: &random))
            }
            made = made.placementGroups(size: size, coreSize: coreSize, existing: groups)
        }
        switch Int.random(in: 0..<10, using: &random) {
        case 0: made = made.capacityFailure(secondsAgo: Double.random(in: 0..<300, using: &random))
        case 1:
            made = made.capacityFailure(secondsAgo: Double.random(in: 301...5000, using: &random))
        default: made = made.capacityFailure(secondsAgo: -1)
        }
        if chance(0.1, &random) {
            made = made.vcpuQuotaCount(vcpus + Int.random(in: 0...vcpus, using: &random))
        }
        if chance(0.1, &random) {
            made = made.invalid(chance(0.5, &random) ? "DisabledMachineType" : "NotActivated")
        }
        return made
    }

    private static func nodeRecords(for status: ClusterStatus, _ random: inout SeededGenerator)
        -> [NodeRecord]
    {
        var records: [NodeRecord] = []
        let states = [
            ("Ready", "Started"), ("Acquiring", "Started"), ("Terminating", "Terminated"),
            ("Deallocated", "Deallocated"),
        ]
        for array in status.nodearrays {
            for bucket in array.buckets {
                for serial in 0..<Int.random(in: 0...(bucket.activeCount + 3), using: &random) {
                    let (state, target) = states.randomElement(using: &random) ?? states[0]
                    records.append(
                        nodeRecord(
                            "\(array.name)-\(bucket.machineType ?? "")-\(serial)",
                            nodearray: array.name, machineType: bucket.machineType ?? "",
                            status: state, targetState: target))
                }
            }
        }
        return records
    }

    // MARK: - Workload

    private static func workload(for status: ClusterStatus, _ random: inout SeededGenerator)
        -> [JobClass]
    {
        let names = status.nodearrays.map(\.name)
        let types = Array(Set(status.nodearrays.flatMap(\.buckets).compactMap(\.machineType)))
            .sorted()
        return (0..<Int.random(in: 1...6, using: &random)).map { index in
            var job = jobClass("job\(index)", &random)
            job.require = requirements(names: names, types: types, &random)
            return job
        }
    }

    private static func jobClass(_ name: String, _ random: inout SeededGenerator) -> JobClass {
        let count = Int.random(in: 1...8, using: &random)
        let priority = Int.random(in: 1...5, using: &random)
        switch Int.random(in: 0..<6, using: &random) {
        case 0:
            return nodeJob(
                name, nodes: Int.random(in: 1...6, using: &random), count: count, priority: priority
            )
        case 1:
            return nodeJob(
                name, nodes: Int.random(in: 1...12, using: &random), count: count,
                priority: priority, colocated: true)
        default:
            let vcpus = [1, 1, 2, 2, 4, 8, 16].randomElement(using: &random) ?? 1
            let memory =
                chance(0.5, &random) ? Double(Int.random(in: 0...64, using: &random)) / 2 : 0
            let gpus = chance(0.1, &random) ? 1 : 0
            let kind = Int.random(in: 0..<4, using: &random)
            return taskJob(
                name, tasks: Int.random(in: 1...40, using: &random), vcpus: vcpus, memoryGB: memory,
                gpus: gpus, count: count, priority: priority, exclusive: kind == 1,
                colocated: kind == 2)
        }
    }

    private static func requirements(
        names: [String], types: [String], _ random: inout SeededGenerator
    ) -> Requirements {
        var require = Requirements()
        if chance(0.2, &random) {
            require.nodearrays = Array(
                names.shuffled(using: &random).prefix(Int.random(in: 1...2, using: &random)))
        }
        if chance(0.1, &random) {
            require.machineTypes = Array(
                types.shuffled(using: &random).prefix(Int.random(in: 1...2, using: &random)))
        }
        if chance(0.1, &random) { require.infiniband = chance(0.5, &random) }
        if chance(0.1, &random) { require.minVcpus = [4, 16, 44].randomElement(using: &random) }
        if chance(0.05, &random) { require.minMemoryGB = [16, 200].randomElement(using: &random) }
        if chance(0.05, &random) { require.minGpus = 1 }
        if chance(0.1, &random) { require.spot = chance(0.5, &random) }
        return require
    }
}
