// swift-tools-version:6.0
import PackageDescription

// Berth: a capacity planner and placement optimizer for Azure CycleCloud clusters.
//
// Targets, from the bottom up:
// - CycleCloudAPI: the CycleCloud REST API's bodies, and later its HTTP client.
// - BerthPlanning: the capacity model of a snapshot, workload mixes, planners (greedy,
//   largest-first, optimal), the verifier and create-request batches.
// - berth: the command-line tool, a thin layer over the libraries.
// - CGLPK: GLPK's C API with a setjmp guard against its fatal errors.
// - BerthSolver: mixed-integer programs in Swift, solved by GLPK.
// - CMicroHTTPD: GNU libmicrohttpd, the C HTTP server behind the emulator.
// - BerthEmulator: a stateful CycleCloud REST API emulator served over real HTTP.
// - BerthApply: applies plans to a cluster through the client (journal, partial fills,
//   waiting for nodes) and the autoscale loop.
// - berth-bench: the benchmark executable (benchmarks/), over generated datasets.
let package = Package(
    name: "Berth",
    products: [
        .executable(name: "berth", targets: ["berth"]),
        .library(name: "CycleCloudAPI", targets: ["CycleCloudAPI"]),
        .library(name: "BerthPlanning", targets: ["BerthPlanning"]),
        .library(name: "BerthSolver", targets: ["BerthSolver"]),
        .library(name: "BerthEmulator", targets: ["BerthEmulator"]),
        .library(name: "BerthApply", targets: ["BerthApply"]),
    ],
    targets: [
        .target(name: "CycleCloudAPI"),
        .target(name: "BerthPlanning", dependencies: ["CycleCloudAPI", "BerthSolver"]),
        .executableTarget(
            name: "berth",
            dependencies: [
                "BerthPlanning", "BerthSolver", "CycleCloudAPI", "BerthEmulator", "BerthApply",
            ]),
        .testTarget(
            name: "CycleCloudAPITests", dependencies: ["CycleCloudAPI"], exclude: ["Fixtures"]),
        .testTarget(
            name: "OptimalPlannerTests", dependencies: ["BerthPlanning", "CycleCloudAPI"]),
        .target(name: "CGLPK", linkerSettings: [.linkedLibrary("glpk")]),
        .target(name: "BerthSolver", dependencies: ["CGLPK"]),
        .testTarget(name: "BerthSolverTests", dependencies: ["BerthSolver"]),
        .testTarget(name: "BerthPlanningTests", dependencies: ["BerthPlanning", "CycleCloudAPI"]),
        .testTarget(name: "BerthCLITests", dependencies: ["BerthPlanning", "CycleCloudAPI"]),
        .systemLibrary(
            name: "CMicroHTTPD", pkgConfig: "libmicrohttpd",
            providers: [.apt(["libmicrohttpd-dev"]), .brew(["libmicrohttpd"])]),
        .target(name: "BerthEmulator", dependencies: ["CMicroHTTPD", "CycleCloudAPI"]),
        .testTarget(
            name: "BerthEmulatorTests", dependencies: ["BerthEmulator", "CycleCloudAPI"],
            exclude: ["Fixtures"]),
        .target(name: "BerthApply", dependencies: ["BerthPlanning", "CycleCloudAPI"]),
        .testTarget(
            name: "BerthApplyTests",
            dependencies: ["BerthApply", "BerthEmulator", "BerthPlanning", "CycleCloudAPI"]),
        .executableTarget(
            name: "berth-bench",
            dependencies: ["BerthPlanning", "CycleCloudAPI", "BerthEmulator", "BerthApply"],
            path: "benchmarks", exclude: ["README.md", "cross-check-highs.py"]),
    ]
)
