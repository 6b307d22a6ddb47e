import Foundation
import Testing

@testable import BerthSolver

@Suite struct ConcurrencyTests {
    @Test("two solves run directly on two threads at the same time both find their optimum")
    func twoThreads() throws {
        let firstValues: [Double] = [60, 100, 120, 80, 30, 75, 45, 90, 20, 55]
        let firstWeights = [10, 20, 30, 25, 5, 15, 12, 22, 4, 14]
        let secondValues: [Double] = [15, 40, 35, 90, 11, 64, 52, 33]
        let secondWeights = [3, 9, 8, 21, 2, 13, 12, 7]
        let first = try TestModels.knapsack(
            values: firstValues, weights: firstWeights.map(Double.init), capacity: 60)
        let second = try TestModels.knapsack(
            values: secondValues, weights: secondWeights.map(Double.init), capacity: 30)

        let group = DispatchGroup()
        let results = ThreadResultBox<[Int: Double]>()
        results.value = [:]
        let lock = NSLock()
        for (index, model) in [first, second].enumerated() {
            group.enter()
            let thread = Thread {
                // GLPK's whole life on this thread, several rounds so that the two threads'
                // GLPK work overlaps.
                var objective = -1.0
                for _ in 0..<5 {
                    let solve = Result { () throws(MIPError) in
                        try GLPKSolve(model: model, options: MIPOptions()).run()
                    }
                    objective = (try? solve.get().objectiveValue) ?? -2
                }
                lock.lock()
                results.value?[index] = objective
                lock.unlock()
                group.leave()
            }
            thread.start()
        }
        group.wait()

        let objectives = try #require(results.value)
        #expect(
            objectives[0]
                == TestModels.knapsackOptimum(
                    values: firstValues, weights: firstWeights, capacity: 60))
        #expect(
            objectives[1]
                == TestModels.knapsackOptimum(
                    values: secondValues, weights: secondWeights, capacity: 30))
    }

    @Test("many async solves at once all return the optimum")
    func manyAsyncSolves() async throws {
        let model = try TestModels.twoVariable()
        try await withThrowingTaskGroup(of: Double?.self) { group in
            for _ in 0..<8 {
                group.addTask { try await MIPSolver.solve(model).objectiveValue }
            }
            for try await objective in group {
                #expect(objective == 7)
            }
        }
    }
}
