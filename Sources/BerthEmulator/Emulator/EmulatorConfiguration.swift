import CycleCloudAPI
import Foundation
import Synchronization

/// How an emulator behaves: which cluster it serves, who may call it, how fast nodes boot,
/// which machine types share a quota family, and which faults it injects.
public struct EmulatorConfiguration: Sendable {
    /// The cluster name the API answers for; other names get 404.
    public var clusterName: String
    /// When set, every request must carry these credentials (401 otherwise).
    public var credentials: CycleCloudCredentials?
    /// Quota family of each machine type, such as `Standard_F4s_v2` →
    /// `standardFSv2Family`; names match without regard to case. Buckets whose machine
    /// types share a family (in one region) share the family quota; a machine type missing
    /// here is a family of its own.
    public var machineFamilies: [String: String]
    /// How long nodes take to boot, terminate and deallocate.
    public var lifecycle: LifecycleTimings
    /// Failures, latency and capacity problems to inject.
    public var faults: FaultInjection
    /// The seed of every random choice: fault draws, node ids, operation ids.
    public var seed: UInt64
    /// The emulator's clock; replace it with a `ManualClock` to step through a lifecycle.
    public var clock: any EmulatorClock

    /// Creates a configuration; by default cluster `demo`, no authentication, instant
    /// lifecycle, no faults, seed 1 and the system clock.
    public init(
        clusterName: String = "demo", credentials: CycleCloudCredentials? = nil,
        machineFamilies: [String: String] = [:], lifecycle: LifecycleTimings = .instant,
        faults: FaultInjection = FaultInjection(), seed: UInt64 = 1,
        clock: any EmulatorClock = SystemClock()
    ) {
        self.clusterName = clusterName
        self.credentials = credentials
        self.machineFamilies = machineFamilies
        self.lifecycle = lifecycle
        self.faults = faults
        self.seed = seed
        self.clock = clock
    }
}

/// Seconds each step of a node's lifecycle takes.
public struct LifecycleTimings: Sendable, Hashable {
    /// `Acquiring`: no VM yet, no `InstanceId`.
    public var acquiring: Double
    /// `Preparing`: the VM is there (`InstanceId`, `PrivateIp`, `Hostname`), software is
    /// being set up. Then `Ready`.
    public var preparing: Double
    /// `Terminating`, before the node is removed (or is `Off`, when `Fixed`).
    public var terminating: Double
    /// `Deallocating`, before the node is `Deallocated`.
    public var deallocating: Double

    /// Creates timings.
    public init(acquiring: Double, preparing: Double, terminating: Double, deallocating: Double) {
        self.acquiring = max(0, acquiring)
        self.preparing = max(0, preparing)
        self.terminating = max(0, terminating)
        self.deallocating = max(0, deallocating)
    }

    /// Every step is immediate: a created node is `Ready` at once.
    public static let instant = LifecycleTimings(
        acquiring: 0, preparing: 0, terminating: 0, deallocating: 0)

    /// A boot of `seconds` split evenly between `Acquiring` and `Preparing`; terminating and
    /// deallocating take half of it each.
    public static func booting(seconds: Double) -> LifecycleTimings {
        LifecycleTimings(
            acquiring: seconds / 2, preparing: seconds / 2, terminating: seconds / 2,
            deallocating: seconds / 2)
    }
}

/// The emulator's endpoints, as fault injection names them.
public enum EmulatorEndpoint: String, Sendable, Hashable, CaseIterable {
    /// `GET /clusters/{c}/status`.
    case status
    /// `GET /clusters/{c}/nodes`.
    case nodes
    /// `POST /clusters/{c}/nodes/create`.
    case create
    /// `POST /clusters/{c}/nodes/terminate`.
    case terminate
    /// `POST /clusters/{c}/nodes/remove`.
    case remove
    /// `POST /clusters/{c}/nodes/deallocate`.
    case deallocate
    /// `POST /clusters/{c}/nodes/shutdown`.
    case shutdown
    /// `POST /clusters/{c}/nodes/start`.
    case start
    /// `GET /operations/` and `GET /operations/{id}`.
    case operations
    /// `POST /cloud/actions/retry/{c}`.
    case retry
}

/// Faults the emulator injects. Random choices come from the configuration's seed, so a run
/// with the same requests in the same order fails the same way.
public struct FaultInjection: Sendable, Hashable {
    /// How a create's response is lost after the create took effect.
    public enum DropMode: String, Sendable, Hashable {
        /// The connection is closed without an answer.
        case closeConnection
        /// A 502 Bad Gateway is answered, as a proxy in front of CycleCloud would.
        case badGateway
    }

    /// Per endpoint, the fraction of requests (0 to 1) answered with a 500 or 503 error
    /// body before anything happens.
    public var failureRates: [EmulatorEndpoint: Double]
    /// Seconds added before every request is handled.
    public var latency: Double
    /// The fraction of creates whose answer is lost after they took effect.
    public var dropCreateResponseRate: Double
    /// How a dropped create answer is lost.
    public var dropMode: DropMode
    /// Buckets that are out of capacity, by bucket id or machine type (any case): creates
    /// there add no node, say why in `message`, and set the bucket's `lastCapacityFailure`.
    public var capacityFailures: Set<String>

    /// Creates a fault set; by default nothing fails.
    public init(
        failureRates: [EmulatorEndpoint: Double] = [:], latency: Double = 0,
        dropCreateResponseRate: Double = 0, dropMode: DropMode = .closeConnection,
        capacityFailures: Set<String> = []
    ) {
        self.failureRates = failureRates
        self.latency = max(0, latency)
        self.dropCreateResponseRate = dropCreateResponseRate
        self.dropMode = dropMode
        self.capacityFailures = Set(capacityFailures.map { $0.lowercased() })
    }
}

/// The emulator's sense of time, in seconds since the Unix epoch. Operations' `startTime`
/// and node lifecycles follow it.
public protocol EmulatorClock: Sendable {
    /// The current time.
    func now() -> Double
}

/// The real time.
public struct SystemClock: EmulatorClock {
    /// Creates the system clock.
    public init() {}

    /// The current time.
    public func now() -> Double {
        Date().timeIntervalSince1970
    }
}

/// A clock that moves only when told to, for tests.
public final class ManualClock: EmulatorClock {
    private let time: Mutex<Double>

    /// A clock standing at `start` (by default 2026-01-01T00:00:00Z).
    public init(start: Double = 1_767_225_600) {
        time = Mutex(start)
    }

    /// The current time.
    public func now() -> Double { time.withLock { $0 } }

    /// Moves the clock forward by `seconds`.
    public func advance(by seconds: Double) {
        time.withLock { $0 += max(0, seconds) }
    }
}
