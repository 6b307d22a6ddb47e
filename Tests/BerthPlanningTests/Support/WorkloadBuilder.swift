import BerthPlanning
import CycleCloudAPI
import Foundation

/// `count` jobs of `nodes` whole nodes each.
func nodeJob(
    _ name: String, nodes: Int, count: Int = 1, priority: Int = 1, colocated: Bool = false,
    require: Requirements = Requirements()
) -> JobClass {
    JobClass(
        name: name, count: count, priority: priority, shape: .nodes(nodes), colocated: colocated,
        require: require)
}

/// `count` jobs of `tasks` tasks each, a task needing `vcpus`, `memoryGB` and `gpus`.
func taskJob(
    _ name: String, tasks: Int, vcpus: Int, memoryGB: Double = 0, gpus: Int = 0, count: Int = 1,
    priority: Int = 1, exclusive: Bool = false, colocated: Bool = false,
    require: Requirements = Requirements()
) -> JobClass {
    JobClass(
        name: name, count: count, priority: priority,
        shape: .tasks(count: tasks, task: TaskShape(vcpus: vcpus, memoryGB: memoryGB, gpus: gpus)),
        exclusive: exclusive, colocated: colocated, require: require)
}

/// A workload mix of `jobs`, in this order.
func workload(_ jobs: [JobClass]) -> Workload {
    Workload(document: "workload.json", jobClasses: jobs)
}

/// Writes `text` into a fresh temporary directory as `name` and returns its path.
func temporaryFile(_ name: String, _ text: String) throws -> String {
    let directory = try temporaryDirectory()
    let path = directory + "/" + name
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}

/// A new, empty temporary directory.
func temporaryDirectory() throws -> String {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("berth-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}

/// The package's root directory, found from this file's place in it.
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The CycleCloud API fixtures, kept beside the API layer's tests.
func apiFixture(_ name: String) -> String {
    packageRoot.appendingPathComponent("Tests/CycleCloudAPITests/Fixtures/\(name)").path
}

/// The machine catalog that ships with Berth.
func bundledCatalog() throws -> MachineCatalog {
    try MachineCatalog.load(
        path: packageRoot.appendingPathComponent("datasets/catalog/azure-vm-catalog.json").path)
}
