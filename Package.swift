// swift-tools-version:6.0
import PackageDescription

// Berth: a capacity planner and placement optimizer for Azure CycleCloud clusters.
//
// Targets, from the bottom up:
// - CycleCloudAPI: the CycleCloud REST API's bodies, and later its HTTP client.
// - BerthPlanning: the capacity model of a snapshot, workload mixes, planners, the verifier
//   and create-request batches.
// - berth: the command-line tool, a thin layer over the libraries.
let package = Package(
    name: "Berth",
    products: [
        .executable(name: "berth", targets: ["berth"]),
        .library(name: "CycleCloudAPI", targets: ["CycleCloudAPI"]),
        .library(name: "BerthPlanning", targets: ["BerthPlanning"]),
    ],
    targets: [
        .target(name: "CycleCloudAPI"),
        .target(name: "BerthPlanning", dependencies: ["CycleCloudAPI"]),
        .executableTarget(name: "berth", dependencies: ["BerthPlanning", "CycleCloudAPI"]),
        .testTarget(
            name: "CycleCloudAPITests", dependencies: ["CycleCloudAPI"], exclude: ["Fixtures"]),
        .testTarget(name: "BerthPlanningTests", dependencies: ["BerthPlanning", "CycleCloudAPI"]),
        .testTarget(name: "BerthCLITests", dependencies: ["BerthPlanning", "CycleCloudAPI"]),
    ]
)
