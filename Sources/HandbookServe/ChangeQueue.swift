import Synchronization

/// Changes waiting for the next rebuild. Whatever arrives while a rebuild runs is merged into
/// one set, so the next rebuild sees all of it and no change is lost or built twice.
final class ChangeQueue: Sendable {
    private struct State {
        /// Paths changed since the last `take`; nil means anything may have changed.
        var paths: Set<String>? = []
        var waiting = false
    }

    private let state = Mutex(State())
    private let continuation: AsyncStream<Void>.Continuation
    /// Ticks once whenever changes are waiting; never holds more than one tick.
    let ticks: AsyncStream<Void>

    init() {
        (ticks, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Adds a batch of changed paths (nil: anything may have changed).
    func add(_ paths: Set<String>?) {
        state.withLock { state in
            if let paths { state.paths?.formUnion(paths) } else { state.paths = nil }
            state.waiting = true
        }
        continuation.yield()
    }

    /// The changes waiting, which are then no longer waiting; nil when nothing is.
    func take() -> Set<String>?? {
        state.withLock { state in
            guard state.waiting else { return .none }
            defer { state = State() }
            return .some(state.paths)
        }
    }

    /// Ends the ticks.
    func finish() { continuation.finish() }
}
