import Foundation
import Synchronization

/// One server-sent event for the open tabs.
struct PreviewEvent: Sendable, Equatable {
    /// `reload` (the site changed or was fixed) or `errors` (the latest build failed).
    var name: String
    /// The build generation the event belongs to.
    var generation: Int
    /// One line of data: the generation for `reload`, the overlay's HTML for `errors`.
    var data: String

    /// The event as it goes on the wire.
    var wire: String { "event: \(name)\nid: \(generation)\ndata: \(data)\n\n" }
}

/// Hands every published event to every open event stream, and ends them all at shutdown, so
/// that a stopping server does not wait for browsers that never hang up.
final class PreviewEvents: Sendable {
    private struct State {
        var streams: [Int: AsyncStream<PreviewEvent>.Continuation] = [:]
        var nextID = 0
        var latest: PreviewEvent?
        var closed = false
    }

    private let state = Mutex(State())

    /// A stream of the events published from now on; it starts with the latest event when a
    /// page served at generation `since` has missed it, so a rebuild during a page load is
    /// never lost. Ends when the server stops.
    func subscribe(since: Int?) -> AsyncStream<PreviewEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: PreviewEvent.self, bufferingPolicy: .bufferingNewest(8))
        let id: Int? = state.withLock { state in
            guard !state.closed else { return nil }
            if let latest = state.latest, let since, latest.generation > since { continuation.yield(latest) }
            defer { state.nextID += 1 }
            state.streams[state.nextID] = continuation
            return state.nextID
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.streams.removeValue(forKey: id) }
        }
        return stream
    }

    /// Sends an event to every open stream.
    func publish(_ event: PreviewEvent) {
        let streams = state.withLock { state in
            state.latest = event
            return Array(state.streams.values)
        }
        for stream in streams { stream.yield(event) }
    }

    /// The number of open streams (for tests).
    var subscriberCount: Int { state.withLock { $0.streams.count } }

    /// Ends every stream and refuses new ones.
    func close() {
        let streams = state.withLock { state in
            state.closed = true
            defer { state.streams = [:] }
            return Array(state.streams.values)
        }
        for stream in streams { stream.finish() }
    }
}
