import Foundation
import HandbookBuild
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// How `handbook serve` serves.
package struct PreviewOptions: Sendable {
    /// The site and its build options (root, drafts).
    package var build: BuildOptions
    /// The address to listen on; only loopback unless the user asks.
    package var host = "127.0.0.1"
    /// The port to listen on; 0 lets the system pick a free one.
    package var port = 8080
    /// Whether the user named the port: then a taken port is an error, not a reason to try the
    /// next one.
    package var portIsExplicit = false
    /// How many ports from `port` on are tried when it is taken and not explicit.
    package var portAttempts = 20
    /// Poll the folders instead of using inotify.
    package var polling = false
    /// How long the folders must be quiet after a change before the site is rebuilt.
    package var settle = Duration.milliseconds(50)
    /// How long they must be quiet after a page was saved whole (see `SiteWatcher`).
    package var saved = Duration.milliseconds(5)

    /// Options for the site in `build`, everything else at its default.
    package init(build: BuildOptions) {
        self.build = build
    }
}

/// What the preview did, for the command line to print; the library prints nothing itself.
package enum PreviewMessage: Sendable {
    /// A build finished, good or not; `first` for the build before serving starts.
    case built(LiveSite.Snapshot, seconds: Double, first: Bool)
    /// The port asked for by default was taken; the next free one is used instead.
    case portTaken(Int)
    /// Listening; open this address.
    case serving(URL)
    /// Changes are noticed by scanning the folders (no inotify, or asked for).
    case polling
}

/// Why the preview could not run (exit code 2).
package struct PreviewError: Error, CustomStringConvertible {
    /// What went wrong and what to do, in one or two sentences.
    package var description: String
}

/// `handbook serve`: builds the site in memory, serves it, rebuilds it when its files change,
/// and tells open tabs to reload or to show the build's errors.
package final class PreviewServer: Sendable {
    /// What it serves and how.
    package let options: PreviewOptions
    let live: LiveSite
    let events = PreviewEvents()
    let changes = ChangeQueue()
    private let report: @Sendable (PreviewMessage) -> Void
    private let group = Mutex<ServiceGroup?>(nil)
    private let stopping = Atomic(false)

    /// A server that reports what it does to `report`, from any thread.
    package init(options: PreviewOptions, report: @escaping @Sendable (PreviewMessage) -> Void) {
        self.options = options
        self.live = LiveSite(options: options.build)
        self.report = report
    }

    /// Builds, listens, watches and rebuilds until `stop()` is called or the task is cancelled.
    /// Throws `PreviewError` when it cannot listen or cannot read the site.
    package func run() async throws {
        let port = try PortChooser.choose(options, report: report)
        let watcher = SiteWatcher(
            SiteWatcher.Options(
                root: options.build.root, mode: options.polling ? .polling : .automatic, settle: options.settle,
                saved: options.saved)
        ) { [changes] in changes.add($0) }
        defer { watcher.stop() }
        if watcher.usesPolling { report(.polling) }
        let first = await rebuild(nil, first: true)
        if first.report.exitCode == 2 {
            throw PreviewError(description: "could not read the site at \(options.build.root.path); see the errors above")
        }
        let host = options.host, report = self.report
        let app = Application(
            responder: SiteResponder(live: live, events: events),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                let shown = host.contains(":") ? "[\(host)]" : host
                report(.serving(URL(string: "http://\(shown):\(bound)/")!))
            },
            logger: Self.quietLogger)
        // Shut down in reverse order: stop rebuilding, end the event streams (browsers never
        // hang up on their own), then stop the server, which then has no open stream to wait for.
        var configuration = ServiceGroupConfiguration(
            services: [app, EventsService(events: events), RebuildService(server: self)], logger: Self.quietLogger)
        configuration.maximumGracefulShutdownDuration = .seconds(1)
        let group = ServiceGroup(configuration: configuration)
        let stopped = self.group.withLock { current in
            current = group
            return stopping.load(ordering: .relaxed)
        }
        guard !stopped else { return }
        do {
            try await group.run()
        } catch {
            // A stop that came before the group ran makes it refuse to run: that is a stop too.
            if stopping.load(ordering: .relaxed) { return }
            throw PreviewError(description: "could not serve on \(host):\(port): \(error)")
        }
    }

    /// Stops serving: rebuilds stop, open event streams end, then the server closes.
    package func stop() async {
        let group = self.group.withLock { group in
            stopping.store(true, ordering: .relaxed)
            return group
        }
        await group?.triggerGracefulShutdown()
    }

    /// Rebuilds with `changed` (nil: everything), reports it, and tells open tabs: `reload` when
    /// the site's files changed or it was fixed, `errors` when the build failed.
    @discardableResult
    func rebuild(_ changed: Set<String>?, first: Bool = false) async -> LiveSite.Snapshot {
        let before = live.snapshot
        let start = ContinuousClock.now
        let snapshot = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { [live] in continuation.resume(returning: live.update(changed: changed)) }
        }
        let elapsed = start.duration(to: .now)
        report(.built(snapshot, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, first: first))
        if !snapshot.isCurrent {
            let overlay = PreviewInjection.overlay(for: snapshot.report.diagnostics)
            events.publish(PreviewEvent(name: "errors", generation: snapshot.generation, data: overlay))
        } else if !first, !snapshot.changed.isEmpty || before?.isCurrent == false {
            events.publish(PreviewEvent(name: "reload", generation: snapshot.generation, data: String(snapshot.generation)))
        }
        return snapshot
    }

    /// Hummingbird and the service group log to standard output by default; the command line
    /// prints what the user needs itself.
    static let quietLogger = Logger(label: "handbook-serve", factory: { _ in SwiftLogNoOpLogHandler() })
}

/// Rebuilds the site whenever changes are waiting, one build at a time.
private struct RebuildService: Service {
    let server: PreviewServer

    func run() async throws {
        let changes = server.changes
        await withGracefulShutdownHandler {
            for await _ in changes.ticks {
                guard let paths = changes.take() else { continue }
                await server.rebuild(paths)
            }
        } onGracefulShutdown: {
            changes.finish()
        }
    }
}

/// Ends every open event stream when the server stops.
private struct EventsService: Service {
    let events: PreviewEvents

    func run() async throws {
        try? await gracefulShutdown()
        events.close()
    }
}
