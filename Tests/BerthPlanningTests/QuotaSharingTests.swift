import BerthPlanning
import CycleCloudAPI
import Testing

@Suite struct QuotaSharingTests {
    @Test("a bucket without quota fields draws on the family quota its siblings report")
    func silentBucketSharesQuota() throws {
        let status = cluster(
            nodearray(
                "htc", bucket("Standard_F4s_v2", available: 50).familyQuota(200, used: 40)),
            nodearray("quiet", bucket("Standard_F8s_v2", available: 50)))
        let model = try capacity(status)
        let quiet = try model.bucket("quiet", "Standard_F8s_v2")
        #expect(model.headroom(of: quiet.index).nodes == 20)
        #expect(
            try model.draws("quiet", "Standard_F8s_v2")["family quota standardFSv2Family (eastus)"]
                == 8)
        #expect(
            model.diagnostics.warnings.contains { $0.message.contains("reports no quota fields") })
    }

    @Test("two valid buckets of one machine type in a nodearray draw a warning")
    func duplicateMachineType() throws {
        let status = cluster(
            nodearray(
                "htc", bucket("Standard_F4s_v2", available: 5, id: "one"),
                bucket("Standard_F4s_v2", available: 5, id: "two")))
        let model = try capacity(status)
        #expect(
            model.diagnostics.warnings.contains { $0.message.contains("cannot tell the two apart") }
        )
    }
}
