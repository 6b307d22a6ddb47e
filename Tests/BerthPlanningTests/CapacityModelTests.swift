import BerthPlanning
import CycleCloudAPI
import Testing

/// One hand-built snapshot in which one limit binds the bucket `htc/Standard_F8s_v2`: the
/// room it leaves, the limit that binds, and, once as many one-node jobs as fit are planned,
/// what is left of that limit and what one more job needs of it.
struct BindingCase: Sendable, CustomTestStringConvertible {
    var name: String
    var status: ClusterStatus
    var nodes: Int
    var binding: String
    var left: Int
    var needed: Int

    var testDescription: String { name }

    /// Room everywhere: 20 available, 4 active (32 vCPUs); every other limit well above.
    static func snapshot(
        available: Int = 20, arrayMax: Int = 100, arrayCores: Int = 1000, clusterMax: Int = 100,
        clusterCores: Int = 1000, family: Int = 1000, regional: Int = 2000, spot: Bool = false,
        failure: Double? = nil, quotaVcpus: Int? = nil, other: NodearrayStatus? = nil
    ) -> ClusterStatus {
        var f8 = bucket("Standard_F8s_v2", available: available, active: 4)
            .familyQuota(spot ? 0 : family, used: spot ? 0 : 32).regionalQuota(regional, used: 100)
        f8.lastCapacityFailure = failure
        f8.virtualMachine.vcpuQuotaCount = quotaVcpus
        let htc = nodearray("htc", spot: spot, maxCount: arrayMax, maxCoreCount: arrayCores, f8)
        var status = cluster(maxCount: clusterMax, maxCoreCount: clusterCores, htc)
        if let other { status.nodearrays.append(other) }
        return status
    }

    /// Three F4 nodes active elsewhere in the cluster, with plenty of room of their own.
    static let elsewhere = nodearray(
        "other", maxCount: 100, maxCoreCount: 1000,
        bucket("Standard_F4s_v2", available: 50, active: 3).familyQuota(1000, used: 32)
            .regionalQuota(2000, used: 100))

    static let all: [BindingCase] = [
        BindingCase(
            name: "the bucket's availableCount", status: snapshot(available: 5), nodes: 5,
            binding: "bucket htc/Standard_F8s_v2 availableCount", left: 0, needed: 1),
        BindingCase(
            name: "a capacity failure 60 s ago", status: snapshot(failure: 60), nodes: 0,
            binding: "bucket htc/Standard_F8s_v2 capacity failure 60 s ago", left: 0, needed: 1),
        BindingCase(
            name: "the nodearray's maxCount less its 4 active nodes",
            status: snapshot(arrayMax: 10), nodes: 6, binding: "nodearray htc maxCount", left: 0,
            needed: 1),
        BindingCase(
            name: "the nodearray's maxCoreCount less its 32 active vCPUs",
            status: snapshot(arrayCores: 100), nodes: 8, binding: "nodearray htc maxCoreCount",
            left: 4, needed: 8),
        BindingCase(
            name: "the cluster's maxCount less 7 active nodes in two nodearrays",
            status: snapshot(clusterMax: 12, other: elsewhere), nodes: 5,
            binding: "cluster maxCount", left: 0, needed: 1),
        BindingCase(
            name: "the cluster's maxCoreCount less 44 active vCPUs in two nodearrays",
            status: snapshot(clusterCores: 90, other: elsewhere), nodes: 5,
            binding: "cluster maxCoreCount", left: 6, needed: 8),
        BindingCase(
            name: "the VM family's quota less its consumed vCPUs", status: snapshot(family: 80),
            nodes: 6, binding: "family quota standardFSv2Family (eastus)", left: 0, needed: 8),
        BindingCase(
            name: "the VM family's quota at 16 quota vCPUs a node",
            status: snapshot(family: 80, quotaVcpus: 16), nodes: 3,
            binding: "family quota standardFSv2Family (eastus)", left: 0, needed: 16),
        BindingCase(
            name: "the regional quota less its consumed vCPUs", status: snapshot(regional: 150),
            nodes: 6, binding: "regional quota (eastus)", left: 2, needed: 8),
        BindingCase(
            name: "the regional spot quota of a spot nodearray",
            status: snapshot(regional: 150, spot: true), nodes: 6, binding: "spot quota (eastus)",
            left: 2, needed: 8),
    ]
}

@Suite struct CapacityModelTests {
    @Test("each limit binds in turn", arguments: BindingCase.all)
    func eachLimitBinds(_ example: BindingCase) throws {
        let model = try capacity(example.status)
        let room = try model.room("htc", "Standard_F8s_v2")
        #expect(room.nodes == example.nodes)
        #expect(room.binding == [example.binding])
        #expect(model.diagnostics.warnings.isEmpty)
    }

    @Test("a regular bucket draws nodes, vCPUs and quota vCPUs from every limit that applies")
    func drawsOfARegularBucket() throws {
        let model = try capacity(BindingCase.snapshot())
        #expect(
            try model.draws("htc", "Standard_F8s_v2") == [
                "bucket htc/Standard_F8s_v2 availableCount": 1, "cluster maxCount": 1,
                "cluster maxCoreCount": 8, "nodearray htc maxCount": 1,
                "nodearray htc maxCoreCount": 8, "family quota standardFSv2Family (eastus)": 8,
                "regional quota (eastus)": 8,
            ])
        let family = try model.limit(named: "family quota standardFSv2Family (eastus)")
        #expect(family.capacity == 1000 && family.used == 32 && family.remaining == 968)
        #expect(family.unit == .vcpus)
    }

    @Test("two nodearrays of one VM family in one region share its quota")
    func familyQuotaIsShared() throws {
        let status = cluster(
            nodearray(
                "htc", bucket("Standard_F4s_v2", available: 50).familyQuota(200, used: 40)),
            nodearray(
                "big", bucket("Standard_F8s_v2", available: 50).familyQuota(200, used: 40)),
            nodearray(
                "west", region: "westus",
                bucket("Standard_F8s_v2", available: 50).familyQuota(64, used: 0)))
        let model = try capacity(status)
        let small = try model.bucket("htc", "Standard_F4s_v2")
        let big = try model.bucket("big", "Standard_F8s_v2")
        let west = try model.bucket("west", "Standard_F8s_v2")
        #expect(model.headroom(of: small.index).nodes == 40)
        #expect(model.headroom(of: big.index).nodes == 20)
        #expect(model.headroom(of: west.index).nodes == 8)

        // Ten F4 nodes take 40 of the 160 vCPUs left; the F8 bucket has room for 15, not 20.
        var remaining = model.limits.map(\.remaining)
        for draw in small.draws { remaining[draw.limit] -= draw.units * 10 }
        #expect(model.headroom(of: big.index, remaining: remaining).nodes == 15)
        #expect(model.headroom(of: west.index, remaining: remaining).nodes == 8)
        #expect(
            model.limits.filter { if case .familyQuota = $0.kind { true } else { false } }
                .map(\.name).sorted() == [
                    "family quota standardFSv2Family (eastus)",
                    "family quota standardFSv2Family (westus)",
                ])
    }

    @Test("a spot nodearray ignores the family quota and draws on the region's spot quota")
    func spotQuota() throws {
        let status = cluster(
            nodearray(
                "regular",
                bucket("Standard_F4s_v2", available: 400).familyQuota(1000, used: 0)
                    .regionalQuota(1000, used: 500)),
            nodearray(
                "spot", spot: true,
                bucket("Standard_F4s_v2", available: 50).familyQuota(0).regionalQuota(
                    100, used: 20)))
        let model = try capacity(status)
        #expect(try model.room("spot", "Standard_F4s_v2").nodes == 20)
        #expect(try model.room("spot", "Standard_F4s_v2").binding == ["spot quota (eastus)"])
        #expect(
            try model.draws("spot", "Standard_F4s_v2") == [
                "bucket spot/Standard_F4s_v2 availableCount": 1, "spot quota (eastus)": 4,
            ])
        #expect(try model.room("regular", "Standard_F4s_v2").nodes == 125)
        #expect(try model.bucket("spot", "Standard_F4s_v2").isSpot)
        let spot = try model.limit(named: "spot quota (eastus)")
        #expect(spot.capacity == 100 && spot.used == 20)
        let regional = try model.limit(named: "regional quota (eastus)")
        #expect(regional.capacity == 1000 && regional.used == 500)
    }

    @Test("a constrained-core size charges quota for its vcpuQuotaCount, caps for its vCPUs")
    func constrainedCores() throws {
        let reported = cluster(
            nodearray(
                "mem", maxCoreCount: 30,
                bucket("Standard_E4-2s_v5", available: 30).vcpuQuotaCount(4).familyQuota(40)))
        let model = try capacity(reported)
        #expect(try model.room("mem", "Standard_E4-2s_v5").nodes == 10)
        #expect(
            try model.room("mem", "Standard_E4-2s_v5").binding == [
                "family quota standardESv5Family (eastus)"
            ])
        let draws = try model.draws("mem", "Standard_E4-2s_v5")
        #expect(draws["family quota standardESv5Family (eastus)"] == 4)
        #expect(draws["nodearray mem maxCoreCount"] == 2)
        #expect(try model.bucket("mem", "Standard_E4-2s_v5").quotaVcpus == 4)

        // Without vcpuQuotaCount in the status, the catalog's figure is used.
        var older = reported
        older.nodearrays[0].buckets[0].virtualMachine.vcpuQuotaCount = nil
        #expect(try capacity(older).bucket("mem", "Standard_E4-2s_v5").quotaVcpus == 4)
    }

    @Test("an existing placement group has room for the smaller of its node and vCPU room")
    func existingPlacementGroupRoom() throws {
        let status = cluster(
            nodearray(
                "hpc",
                bucket("Standard_F4s_v2", available: 50)
                    .placementGroups(size: 10, coreSize: 36, existing: [("f4-pg0", 7)]),
                bucket("Standard_F8s_v2", available: 50)
                    .placementGroups(
                        size: 10, coreSize: 400, existing: [("f8-pg0", 8), ("f8-pg1", 1)])))
        let model = try capacity(status)
        let rooms = model.placementGroups.map { "\($0.name) \($0.activeCount) \($0.room)" }
        // F4: 10 - 7 = 3 nodes, (36 - 28) / 4 = 2 by vCPUs. F8: 10 - 8 = 2 by nodes.
        #expect(rooms == ["f4-pg0 7 2", "f8-pg0 8 2", "f8-pg1 1 9"])
        #expect(try model.bucket("hpc", "Standard_F4s_v2").placementGroups == [0])
        #expect(try model.bucket("hpc", "Standard_F8s_v2").placementGroups == [1, 2])
    }

    struct GroupSizeCase: Sendable, CustomTestStringConvertible {
        var size: Int?
        var coreSize: Int?
        var scaleSetSize: Int?
        var defaultSize = 40
        var expected: Int

        var testDescription: String {
            "size \(size.map(String.init) ?? "-"), cores \(coreSize.map(String.init) ?? "-"), "
                + "MaxScalesetSize \(scaleSetSize.map(String.init) ?? "-"), default "
                + "\(defaultSize) -> \(expected)"
        }
    }

    @Test(
        "a new placement group holds the fewest nodes its size and vCPU size allow",
        arguments: [
            GroupSizeCase(size: 40, coreSize: 1280, expected: 40),
            GroupSizeCase(size: 40, coreSize: 100, expected: 12),
            GroupSizeCase(size: nil, coreSize: nil, scaleSetSize: 7, expected: 7),
            GroupSizeCase(size: 30, coreSize: nil, scaleSetSize: 7, expected: 30),
            GroupSizeCase(size: nil, coreSize: nil, expected: 40),
            GroupSizeCase(size: nil, coreSize: nil, defaultSize: 25, expected: 25),
            GroupSizeCase(size: nil, coreSize: 64, expected: 8),
        ])
    func newPlacementGroupSize(_ example: GroupSizeCase) throws {
        let status = cluster(
            nodearray(
                "hpc", maxScaleSetSize: example.scaleSetSize,
                bucket("Standard_F8s_v2", available: 5).with {
                    $0.maxPlacementGroupSize = example.size
                    $0.maxPlacementGroupCoreSize = example.coreSize
                }))
        let model = try capacity(
            status, options: CapacityOptions(defaultPlacementGroupSize: example.defaultSize))
        #expect(
            try model.bucket("hpc", "Standard_F8s_v2").newPlacementGroupSize == example.expected)
    }

    @Test("without family or regional fields, quotaCoreCount and consumedCoreCount are the family")
    func quotaFallback() throws {
        let status = cluster(
            nodearray("htc", bucket("Standard_F4s_v2", available: 50).quota(50, consumed: 18)),
            nodearray(
                "spot", spot: true,
                bucket("Standard_F4s_v2", available: 50).quota(60, consumed: 20)))
        let model = try capacity(status)
        let family = try model.limit(named: "family quota standardFSv2Family (eastus)")
        #expect(family.capacity == 50 && family.used == 18)
        #expect(try model.room("htc", "Standard_F4s_v2").nodes == 8)
        let spot = try model.limit(named: "spot quota (eastus)")
        #expect(spot.capacity == 60 && spot.used == 20)
        #expect(try model.room("spot", "Standard_F4s_v2").nodes == 10)
        #expect(!model.limits.contains { $0.name == "regional quota (eastus)" })
    }

    @Test("family fields win over quotaCoreCount when both are given")
    func familyFieldsFirst() throws {
        let status = cluster(
            nodearray(
                "htc",
                bucket("Standard_F4s_v2", available: 50).quota(400, consumed: 0)
                    .familyQuota(40, used: 8)))
        let family = try capacity(status).limit(named: "family quota standardFSv2Family (eastus)")
        #expect(family.capacity == 40 && family.used == 8)
    }

    @Test("an invalid bucket takes nothing, and its zeros do not tighten shared limits")
    func invalidBucket() throws {
        let status = cluster(
            nodearray(
                "htc",
                bucket("Standard_F8s_v2", available: 0).familyQuota(0).regionalQuota(0)
                    .invalid("DisabledMachineType"),
                bucket("Standard_F4s_v2", available: 50).familyQuota(100).regionalQuota(1000)))
        let model = try capacity(status)
        let invalid = try model.bucket("htc", "Standard_F8s_v2")
        #expect(!invalid.isValid && invalid.invalidReason == "DisabledMachineType")
        #expect(model.headroom(of: invalid.index).nodes == 0)
        #expect(
            try model.draws("htc", "Standard_F8s_v2") == [
                "bucket htc/Standard_F8s_v2 availableCount": 1
            ])
        #expect(try model.room("htc", "Standard_F4s_v2").nodes == 25)
        #expect(model.usableBuckets.map(\.machineType) == ["Standard_F4s_v2"])
        #expect(model.diagnostics.warnings.isEmpty)
    }

    @Test("a valid bucket that names no machine type is treated as invalid, with a warning")
    func bucketWithoutMachineType() throws {
        let status = cluster(
            nodearray("htc", bucket("Standard_F4s_v2", available: 5).with { $0.definition = nil }))
        let model = try capacity(status)
        #expect(!model.buckets[0].isValid)
        #expect(model.headroom(of: 0).nodes == 0)
        #expect(model.diagnostics.warnings.map(\.location) == ["$.nodearrays[0].buckets[0]"])
    }

    struct FailureCase: Sendable, CustomTestStringConvertible {
        var secondsAgo: Double?
        var backoff: Double
        var held: Bool

        var testDescription: String {
            "failure \(secondsAgo.map { "\($0) s ago" } ?? "absent"), backoff \(backoff) s: "
                + (held ? "held back" : "usable")
        }
    }

    @Test(
        "a capacity failure more recent than the backoff holds a bucket back",
        arguments: [
            FailureCase(secondsAgo: 60, backoff: 300, held: true),
            FailureCase(secondsAgo: 0, backoff: 300, held: true),
            FailureCase(secondsAgo: 299.5, backoff: 300, held: true),
            FailureCase(secondsAgo: 300, backoff: 300, held: false),
            FailureCase(secondsAgo: 600, backoff: 300, held: false),
            FailureCase(secondsAgo: 60, backoff: 0, held: false),
            FailureCase(secondsAgo: -1, backoff: 300, held: false),
            FailureCase(secondsAgo: nil, backoff: 300, held: false),
        ])
    func capacityFailureBackoff(_ example: FailureCase) throws {
        var failing = bucket("Standard_F4s_v2", available: 5)
        failing.lastCapacityFailure = example.secondsAgo
        let model = try capacity(
            cluster(nodearray("htc", failing)),
            options: CapacityOptions(capacityFailureBackoff: example.backoff))
        let room = try model.room("htc", "Standard_F4s_v2")
        #expect(room.nodes == (example.held ? 0 : 5))
        if example.held {
            #expect(
                room.binding == [
                    "bucket htc/Standard_F4s_v2 capacity failure \(Int(example.secondsAgo ?? 0)) s ago"
                ])
        } else {
            #expect(room.binding == ["bucket htc/Standard_F4s_v2 availableCount"])
        }
        #expect(model.buckets[0].isValid)
    }

    @Test("an unknown machine type is a quota family of its own, with one warning")
    func unknownMachineType() throws {
        let status = cluster(
            nodearray(
                "a", bucket("Standard_X9000", available: 20, vcpus: 8).familyQuota(80, used: 16)),
            nodearray(
                "b", bucket("Standard_X9000", available: 20, vcpus: 8).familyQuota(80, used: 16)),
            nodearray("c", bucket("Standard_Y1", available: 0, vcpus: 8).invalid("NotActivated")))
        let model = try capacity(status)
        #expect(try model.bucket("a", "Standard_X9000").family == "Standard_X9000")
        #expect(try model.room("b", "Standard_X9000").nodes == 8)
        let family = try model.limit(named: "family quota Standard_X9000 (eastus)")
        #expect(family.capacity == 80 && family.used == 16)
        let warnings = model.diagnostics.warnings
        #expect(warnings.count == 1)
        #expect(warnings.first?.location == "$.nodearrays[0].buckets[0].definition.machineType")
        #expect(
            warnings.first?.message.contains("Standard_X9000 is not in the machine catalog") == true
        )
        #expect(warnings.first?.document == "snapshot.json")
    }

    @Test("machine types are matched in the catalog without regard to case")
    func catalogIgnoresCase() throws {
        let status = cluster(nodearray("htc", bucket("standard_f4S_V2", available: 3, vcpus: 4)))
        let model = try capacity(status)
        #expect(model.buckets[0].family == "standardFSv2Family")
        #expect(model.diagnostics.warnings.isEmpty)
    }

    @Test("node records raise nodearray and cluster usage above what the buckets report")
    func nodeRecordsRaiseUsage() throws {
        let records = [
            nodeRecord("htc-1", nodearray: "htc", machineType: "Standard_F4s_v2"),
            nodeRecord("htc-2", nodearray: "htc", machineType: "Standard_F4s_v2"),
            nodeRecord(
                "htc-3", nodearray: "htc", machineType: "Standard_F4s_v2", status: "Terminating",
                targetState: "Terminated"),
            nodeRecord(
                "htc-4", nodearray: "htc", machineType: "Standard_F4s_v2", status: "Deallocated",
                targetState: "Deallocated"),
            nodeRecord(
                "htc-5", nodearray: "htc", machineType: "Standard_F4s_v2", status: "Acquiring"),
            nodeRecord(
                "htc-6", nodearray: "htc", machineType: "Standard_F4s_v2", status: "Off",
                targetState: "Off"),
            nodeRecord("scheduler", nodearray: "scheduler", machineType: "Standard_F8s_v2"),
        ]
        let base = cluster(
            maxCount: 10, maxCoreCount: 1000,
            nodearray(
                "htc", maxCount: 10, maxCoreCount: 100,
                bucket("Standard_F4s_v2", available: 20, active: 2)))
        var withNodes = base
        withNodes.nodes = records

        let before = try capacity(base)
        #expect(try before.limit(named: "nodearray htc maxCount").used == 2)
        #expect(try before.limit(named: "cluster maxCount").used == 2)
        #expect(try before.room("htc", "Standard_F4s_v2").nodes == 8)

        // htc-1, -2, -3 (still terminating) and -5 (acquiring) hold VMs; -4 and -6 are at rest.
        let after = try capacity(withNodes)
        #expect(try after.limit(named: "nodearray htc maxCount").used == 4)
        #expect(try after.limit(named: "nodearray htc maxCoreCount").used == 16)
        #expect(try after.limit(named: "cluster maxCount").used == 5)
        #expect(try after.limit(named: "cluster maxCoreCount").used == 24)
        #expect(try after.room("htc", "Standard_F4s_v2").nodes == 5)
        #expect(try after.room("htc", "Standard_F4s_v2").binding == ["cluster maxCount"])
    }

    @Test("a node record with a status but no target state counts; an empty record does not")
    func nodeRecordsWithoutTargetState() throws {
        let status = cluster(
            nodes: [
                nodeRecord(
                    "htc-1", nodearray: "htc", machineType: "Standard_F4s_v2", targetState: nil),
                NodeRecord(["Template": .string("htc")]),
            ],
            nodearray("htc", maxCount: 10, bucket("Standard_F4s_v2", available: 20)))
        let model = try capacity(status)
        #expect(try model.limit(named: "nodearray htc maxCount").used == 1)
    }

    @Test("buckets that report one shared limit differently: the tighter is kept, with a warning")
    func disagreeingBuckets() throws {
        let status = cluster(
            nodearray("a", bucket("Standard_F4s_v2", available: 50).familyQuota(200, used: 40)),
            nodearray("b", bucket("Standard_F8s_v2", available: 50).familyQuota(200, used: 120)))
        let model = try capacity(status)
        let family = try model.limit(named: "family quota standardFSv2Family (eastus)")
        #expect(family.remaining == 80)
        #expect(model.diagnostics.warnings.count == 1)
        #expect(model.diagnostics.warnings.first?.location == "$.nodearrays[1].buckets[0]")
    }
}
