import BerthPlanning
import CycleCloudAPI
import Testing

@Suite struct PlannerPropertyTests {
    static let seeds: [UInt64] = (0..<200).map { propertySeedBase &+ UInt64($0) }

    @Test(
        "every greedy and largest-first plan of a random scenario passes the verifier",
        arguments: seeds)
    func randomPlansVerify(_ seed: UInt64) throws {
        let scenario = RandomScenario(seed: seed)
        for order in [GreedyPlanner.Order.fileOrder, .largestFirst] {
            let context = "seed \(seed) (set BERTH_TEST_SEED=\(seed) and run case 0 to repeat): "
            let plan: Plan
            do {
                plan = try planAndVerify(
                    scenario.status, scenario.jobs, order: order,
                    maxNodesPerRequest: Int(seed % 7) + 1, context: context)
            } catch {
                Issue.record("\(context)\(error)")
                return
            }
            check(plan, scenario, context: context)
        }
    }

    /// What must hold of any plan beyond what the verifier checks: every job that is not
    /// placed has a reason, the objective counts what the jobs say, no limit ends above its
    /// capacity unless it was there before, and the requests carry every new node.
    private func check(_ plan: Plan, _ scenario: RandomScenario, context: String) {
        for outcome in plan.jobs {
            let explained = outcome.unplaced.reduce(0) { $0 + $1.jobs }
            let counts =
                "\(outcome.placed) placed, \(explained) explained, \(outcome.requested) asked"
            #expect(
                outcome.placed + explained == outcome.requested,
                "\(context)\(outcome.jobClass): \(counts)")
            for reason in outcome.unplaced where reason.kind == .limitExhausted {
                #expect(
                    (reason.remaining ?? 0) < (reason.needed ?? 0),
                    "\(context)\(outcome.jobClass): \(reason.message)")
            }
        }
        #expect(plan.objective.jobsPlaced == plan.jobs.reduce(0) { $0 + $1.placed }, "\(context)")
        for limit in plan.limits {
            #expect(
                limit.usedAfter <= limit.capacity || limit.usedAfter == limit.usedBefore,
                "\(context)\(limit.name): \(limit.usedBefore) -> \(limit.usedAfter) of \(limit.capacity)"
            )
        }
        let requested = plan.createRequests.reduce(0) { $0 + $1.nodeCount }
        #expect(requested == plan.objective.newNodes, "\(context)")
    }

    @Test("the random scenarios plan every kind of job, placement and reason")
    func randomScenariosCoverEveryKind() throws {
        var seen: [String: Int] = [:]
        for seed in Self.seeds {
            let scenario = RandomScenario(seed: seed)
            let plan = try planAndVerify(scenario.status, scenario.jobs, context: "seed \(seed): ")
            var kinds: Set<String> = []
            if !plan.nodeGroups.isEmpty { kinds.insert("new nodes") }
            if plan.nodeGroups.contains(where: { $0.newPlacementGroup == true }) {
                kinds.insert("new placement group")
            }
            if plan.nodeGroups.contains(where: { $0.newPlacementGroup == false }) {
                kinds.insert("existing placement group")
            }
            if plan.nodeGroups.contains(where: { $0.load.count > 1 }) { kinds.insert("mixed load") }
            if plan.jobs.contains(where: { ($0.layouts ?? []).contains { $0.nodes.count > 1 } }) {
                kinds.insert("job over two node groups")
            }
            if scenario.status.nodearrays.contains(where: \.isInterruptible) {
                kinds.insert("spot")
            }
            if scenario.status.nodes != nil { kinds.insert("node records") }
            for outcome in plan.jobs {
                for reason in outcome.unplaced { kinds.insert(reason.kind.rawValue) }
            }
            for kind in kinds { seen[kind, default: 0] += 1 }
        }
        for kind in [
            "new nodes", "new placement group", "existing placement group", "mixed load",
            "job over two node groups", "spot", "node records", "noEligibleBucket",
            "largerThanPlacementGroup", "limitExhausted",
        ] {
            #expect(
                seen[kind, default: 0] >= 10, "\(kind): \(seen[kind, default: 0]) of 200 scenarios")
        }
        print("random scenarios:", seen.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" })
    }

    @Test("random plans broken in one way each fail the verifier")
    func brokenRandomPlans() throws {
        var applied: [String: Int] = [:]
        for seed in Self.seeds.prefix(120) {
            let scenario = RandomScenario(seed: seed)
            let plan = try planAndVerify(scenario.status, scenario.jobs, context: "seed \(seed): ")
            let model = try capacity(scenario.status)
            let breakers: [(String, (Plan, CapacityModel, [JobClass]) -> (Plan, String)?)] = [
                ("one node more in a bucket at a limit", oneNodeTooMany),
                ("a colocated job split over two placement groups", splitColocatedJob),
                ("one node more in a request", oneMoreRequested),
                ("more tasks on a node than it has vCPUs", overloadedNode),
                ("an objective that lies", lyingObjective),
            ]
            for (name, breakIt) in breakers {
                guard let (broken, violation) = breakIt(plan, model, scenario.jobs) else {
                    continue
                }
                applied[name, default: 0] += 1
                let violations = try verify(
                    broken, status: scenario.status, workload: workload(scenario.jobs))
                #expect(
                    violations.contains { $0.hasPrefix(violation) },
                    "seed \(seed), \(name): expected \"\(violation)…\", found \(violations)")
            }
        }
        // Each way of breaking a plan was tried often enough to mean something.
        for name in [
            "one node more in a bucket at a limit",
            "a colocated job split over two placement groups",
            "one node more in a request", "more tasks on a node than it has vCPUs",
            "an objective that lies",
        ] {
            #expect(
                applied[name, default: 0] >= 10,
                "\(name) was applied \(applied[name, default: 0]) times")
        }
    }

    private func oneNodeTooMany(_ plan: Plan, _ model: CapacityModel, _ jobs: [JobClass]) -> (
        Plan, String
    )? {
        var drawn = Array(repeating: 0, count: model.limits.count)
        let buckets = Dictionary(
            model.buckets.map { ($0.bucketId, $0) }, uniquingKeysWith: { a, _ in a })
        for group in plan.nodeGroups {
            for draw in buckets[group.bucketId]?.draws ?? [] {
                drawn[draw.limit] += draw.units * group.count
            }
        }
        for (index, group) in plan.nodeGroups.enumerated() {
            for draw in buckets[group.bucketId]?.draws ?? []
            where model.limits[draw.limit].remaining - drawn[draw.limit] < draw.units {
                var broken = plan
                broken.nodeGroups[index].count += 1
                return (broken, "\(model.limits[draw.limit].name): the plan takes")
            }
        }
        return nil
    }

    private func splitColocatedJob(_ plan: Plan, _ model: CapacityModel, _ jobs: [JobClass]) -> (
        Plan, String
    )? {
        for (jobIndex, outcome) in plan.jobs.enumerated()
        where jobs.first(where: { $0.name == outcome.jobClass })?.colocated == true {
            for (layoutIndex, layout) in (outcome.layouts ?? []).enumerated() {
                guard let shareIndex = layout.nodes.firstIndex(where: { $0.nodes >= 2 }),
                    let groupIndex = plan.nodeGroups.firstIndex(where: {
                        $0.id == layout.nodes[shareIndex].group
                    })
                else { continue }
                var broken = plan
                var split = layout
                split.jobs = 1
                split.nodes[shareIndex].nodes -= 1
                var moved = layout.nodes[shareIndex]
                moved.group = "split"
                moved.nodes = 1
                split.nodes.append(moved)
                broken.jobs[jobIndex].layouts?[layoutIndex].jobs -= 1
                broken.jobs[jobIndex].layouts?.append(split)
                var group = plan.nodeGroups[groupIndex]
                group.id = "split"
                group.count = 1
                group.placementGroup = "berth-split"
                group.newPlacementGroup = true
                broken.nodeGroups[groupIndex].count -= 1
                broken.nodeGroups.append(group)
                return (
                    broken,
                    "job class \(outcome.jobClass): a colocated job spans 2 placement groups"
                )
            }
        }
        return nil
    }

    private func oneMoreRequested(_ plan: Plan, _ model: CapacityModel, _ jobs: [JobClass]) -> (
        Plan, String
    )? {
        guard let last = plan.createRequests.indices.last, !plan.createRequests[last].sets.isEmpty
        else { return nil }
        var broken = plan
        broken.createRequests[last].sets[broken.createRequests[last].sets.count - 1].count += 1
        return (broken, "create requests: ")
    }

    private func overloadedNode(_ plan: Plan, _ model: CapacityModel, _ jobs: [JobClass]) -> (
        Plan, String
    )? {
        for (index, group) in plan.nodeGroups.enumerated() {
            guard let entry = group.load.first, let tasks = entry.tasks,
                let task = jobs.first(where: { $0.name == entry.jobClass })?.task,
                let bucket = model.buckets.first(where: { $0.bucketId == group.bucketId })
            else { continue }
            var broken = plan
            broken.nodeGroups[index].load[0].tasks = tasks + bucket.vcpus / task.vcpus + 1
            return (broken, "node group \(group.id): tasks need")
        }
        return nil
    }

    private func lyingObjective(_ plan: Plan, _ model: CapacityModel, _ jobs: [JobClass]) -> (
        Plan, String
    )? {
        var broken = plan
        switch plan.nodeGroups.count % 5 {
        case 0: broken.objective.weightedJobsPlaced += 1
        case 1: broken.objective.newVcpus += 2
        case 2: broken.objective.newPlacementGroups += 1
        case 3: broken.objective.newNodes -= 1
        default: broken.objective.jobsPlaced += 1
        }
        return (broken, "objective: the plan states")
    }
}
