import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Named points of the write step where a test may have the build killed, to prove that an
/// interrupted build never leaves a broken output folder.
///
/// `HANDBOOK_KILL_AT=NAME` sends SIGKILL to the process the first time it reaches the point
/// NAME, `HANDBOOK_KILL_AT=NAME#N` the N-th time. Unset, each point costs one comparison.
/// Points: `lock`, `recover`, `write` (each staged file), `manifest`, `keep` (each entry
/// carried over), `fallback` (between the two renames of the fallback swap), `exchange`, `done`.
enum FaultInjection {
    private static let target: (name: String, count: Int)? = {
        guard let value = ProcessInfo.processInfo.environment["HANDBOOK_KILL_AT"], !value.isEmpty else { return nil }
        let parts = value.split(separator: "#", maxSplits: 1)
        return (String(parts[0]), parts.count > 1 ? Int(parts[1]) ?? 1 : 1)
    }()
    private static let reachedCount = Atomic<Int>(0)

    /// `HANDBOOK_NO_EXCHANGE=1` makes the swap take the two-rename path of file systems that
    /// cannot exchange two folders, so its repair can be tested where they can.
    static let exchangeDisabled = ProcessInfo.processInfo.environment["HANDBOOK_NO_EXCHANGE"] == "1"

    /// Kills the process here if the environment asks for it.
    static func reached(_ name: String) {
        guard let target, target.name == name else { return }
        if reachedCount.add(1, ordering: .relaxed).newValue == target.count { kill(getpid(), SIGKILL) }
    }
}
