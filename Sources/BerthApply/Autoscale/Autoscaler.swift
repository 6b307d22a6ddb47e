import BerthPlanning
import CycleCloudAPI
import Foundation

/// How the autoscaler plans and applies.
public struct AutoscaleOptions: Sendable {
    /// Which planner.
    public var planner: PlannerKind
    /// The optimal planner's time limit.
    public var timeLimit: Duration
    /// The most nodes in one create request.
    public var maxNodesPerRequest: Int
    /// Machine types and their quota families.
    public var catalog: MachineCatalog
    /// How the status is read (capacity-failure backoff).
    public var capacity: CapacityOptions
    /// Terminate the nodes of placement groups that cannot run their colocated jobs.
    public var terminateStranded: Bool
    /// Plan only: show the requests, send nothing.
    public var dryRun: Bool
    /// Where to write each round's plan files and apply journal; `nil` for nowhere (the
    /// journal is kept in memory).
    public var outDirectory: String?

    /// Defaults: the optimal planner with 10 s, 500 nodes per request, an empty catalog,
    /// keep stranded nodes, send, write nothing.
    public init(
        planner: PlannerKind = .optimal, timeLimit: Duration = .seconds(10),
        maxNodesPerRequest: Int = 500, catalog: MachineCatalog = MachineCatalog(),
        capacity: CapacityOptions = CapacityOptions(), terminateStranded: Bool = false,
        dryRun: Bool = false, outDirectory: String? = nil
    ) {
        self.planner = planner
        self.timeLimit = timeLimit
        self.maxNodesPerRequest = maxNodesPerRequest
        self.catalog = catalog
        self.capacity = capacity
        self.terminateStranded = terminateStranded
        self.dryRun = dryRun
        self.outDirectory = outDirectory
    }
}

/// What one round of the autoscaler did.
public struct AutoscaleRound: Sendable {
    /// The round's number, from 1.
    public var number: Int
    /// The plan made from the live status; `nil` when the round was skipped.
    public var plan: Plan?
    /// What applying it did; `nil` in a dry run, when there was nothing to create, or when
    /// the round was skipped.
    public var report: ApplyReport?
    /// Why the round planned nothing, when it did not.
    public var skipped: String?
}

/// Why a round of the autoscaler failed.
public enum AutoscaleError: Error, Sendable, CustomStringConvertible {
    /// The cluster's status could not be read.
    case status(CycleCloudClientError)
    /// The status was read but makes no sense as a capacity model.
    case unusableStatus(InputError)
    /// The workload cannot be read, or names what the cluster does not have.
    case workload(InputError)
    /// The plan files could not be written.
    case writingPlan(InputError)
    /// Applying the plan failed.
    case apply(ApplyError)

    /// What failed, why, and what to do.
    public var description: String {
        switch self {
        case .status(let error): return "reading the cluster status: \(error)"
        case .unusableStatus(let error): return "the cluster status cannot be planned on: \(error)"
        case .workload(let error): return "\(error)"
        case .writingPlan(let error): return "\(error)"
        case .apply(let error): return "\(error)"
        }
    }
}

/// CycleCloud autoscaling by Berth's planners: reads the cluster's status, plans a workload
/// against it, and applies the plan with `PlanApplier`; once, or every interval.
public struct Autoscaler: Sendable {
    /// The client of the cluster.
    public var client: CycleCloudClient
    /// How to plan and apply.
    public var options: AutoscaleOptions
    /// Receives each step of applying.
    public var onEvent: @Sendable (ApplyEvent) -> Void

    /// An autoscaler of `client`'s cluster.
    public init(
        client: CycleCloudClient, options: AutoscaleOptions = AutoscaleOptions(),
        onEvent: @escaping @Sendable (ApplyEvent) -> Void = { _ in }
    ) {
        self.client = client
        self.options = options
        self.onEvent = onEvent
    }

    /// One round: the status with nodes, a plan of `workload` against it, and (unless a dry
    /// run) the plan applied.
    public func round(workload: Workload, number: Int = 1) async throws(AutoscaleError)
        -> AutoscaleRound
    {
        let plan = try await plan(workload)
        if let directory = options.outDirectory {
            do {
                try PlanFiles.write(plan, to: directory)
            } catch {
                throw .writingPlan(error)
            }
        }
        guard !plan.createRequests.isEmpty else {
            return AutoscaleRound(
                number: number, plan: plan, report: nil,
                skipped: "the plan adds no nodes: nothing to create")
        }
        guard !options.dryRun else {
            return AutoscaleRound(number: number, plan: plan, report: nil, skipped: nil)
        }

        let journalPath = options.outDirectory.map {
            URL(fileURLWithPath: $0).appendingPathComponent(ApplyJournal.fileName).path
        }
        if let journalPath, let earlier = try? ApplyJournal.load(path: journalPath),
            earlier.mismatch(with: plan) != nil
        {
            // A journal of an earlier round: its nodes are in the status this plan was made
            // from, so it has nothing left to finish.
            try? FileManager.default.removeItem(atPath: journalPath)
        }
        let applier = PlanApplier(
            client: client,
            options: ApplyOptions(
                checkFit: false, catalog: options.catalog, capacity: options.capacity,
                terminateStranded: options.terminateStranded),
            onEvent: onEvent)
        do {
            let report = try await applier.apply(
                plan, planPath: options.outDirectory ?? "autoscale round \(number)",
                journalPath: journalPath)
            return AutoscaleRound(number: number, plan: plan, report: report, skipped: nil)
        } catch {
            throw .apply(error)
        }
    }

    /// The plan of `workload` against the cluster's live status.
    public func plan(_ workload: Workload) async throws(AutoscaleError) -> Plan {
        let status: ClusterStatus
        do {
            status = try await client.clusterStatus(includeNodes: true)
        } catch {
            throw .status(error)
        }
        let document = "the status of cluster \(client.connection.clusterName)"
        let model: CapacityModel
        do {
            model = try CapacityModel(
                status: status, document: document, catalog: options.catalog,
                options: options.capacity)
        } catch {
            throw .unusableStatus(error)
        }
        let encoded = (try? JSONDocument.encode(status, pretty: false)) ?? Data()
        let input: PlanningInput
        do {
            input = try PlanningInput(
                status: status, model: model, workload: workload,
                snapshotDigest: Digest.hex(String(decoding: encoded, as: UTF8.self)))
        } catch {
            throw .workload(error)
        }
        switch options.planner {
        case .optimal:
            return await OptimalPlanner.plan(
                input,
                options: OptimalOptions(
                    timeLimit: options.timeLimit, maxNodesPerRequest: options.maxNodesPerRequest))
        case .greedy, .largestFirst:
            return HeuristicPlanner.plan(
                input, order: options.planner == .greedy ? .fileOrder : .largestFirst,
                maxNodesPerRequest: options.maxNodesPerRequest)
        }
    }

    /// Runs a round every `interval` until the calling task is cancelled, reading the
    /// workload file afresh each time, and hands each round's number (from 1) and result to
    /// `onRound`.
    ///
    /// A round is never cut short by the cancellation: the loop stops between rounds. A
    /// round is skipped while the workload file is unchanged since a round that created
    /// nodes for it, since a plan only adds nodes and the file must show the queue as it
    /// is now (see docs/limitations.md).
    public func run(
        workloadPath: String, interval: Duration,
        onRound: @escaping @Sendable (Int, Result<AutoscaleRound, AutoscaleError>) -> Void
    ) async {
        var number = 0
        var servedDigest: (digest: String, round: Int)?
        while !Task.isCancelled {
            number += 1
            let (result, digest) = await nextRound(
                number: number, workloadPath: workloadPath, served: servedDigest)
            if case .success(let round) = result, let digest,
                (round.report?.nodesCreated ?? 0) > 0
            {
                servedDigest = (digest, number)
            }
            onRound(number, result)
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
        }
    }

    /// One round of `run`, shielded from the caller's cancellation.
    private func nextRound(
        number: Int, workloadPath: String, served: (digest: String, round: Int)?
    ) async -> (result: Result<AutoscaleRound, AutoscaleError>, workloadDigest: String?) {
        let data: Data
        do {
            data = try JSONDocument.read(path: workloadPath)
        } catch {
            return (.failure(.workload(error)), nil)
        }
        let digest = Digest.hex(String(decoding: data, as: UTF8.self))
        // Limitation: work that already got nodes is not subtracted from the workload; an
        // unchanged file after a round that created nodes is skipped instead.
        if let served, served.digest == digest {
            let round = AutoscaleRound(
                number: number, plan: nil, report: nil,
                skipped: "\(workloadPath) is unchanged since round \(served.round) created "
                    + "nodes for it")
            return (.success(round), digest)
        }
        let workload: Workload
        do {
            workload = try Workload.decode(data, document: workloadPath)
        } catch {
            return (.failure(.workload(error)), digest)
        }
        let autoscaler = self
        let result = await Task { () async -> Result<AutoscaleRound, AutoscaleError> in
            do throws(AutoscaleError) {
                return .success(try await autoscaler.round(workload: workload, number: number))
            } catch {
                return .failure(error)
            }
        }.value
        return (result, digest)
    }
}
