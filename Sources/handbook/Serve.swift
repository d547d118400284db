import ArgumentParser
import Dispatch
import Foundation
import HandbookBuild
import HandbookServe

/// `handbook serve`: the site in memory on a local address, rebuilt and reloaded as you write.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Preview the site: build it in memory, serve it, rebuild and reload open pages on every save.")

    @OptionGroup var site: SiteOptions

    @Option(help: "The port to listen on (default: 8080, or the next free one). 0 picks any free port.")
    var port: Int?

    @Option(help: "The address to listen on. Anything but 127.0.0.1 lets other machines see the preview.")
    var host = "127.0.0.1"

    @Flag(help: "Notice changes by scanning the folders every half second instead of inotify.")
    var poll = false

    @Flag(help: "Print the time of each build step after every rebuild.")
    var verbose = false

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        var options = PreviewOptions(build: BuildOptions(root: site.rootURL, includeDrafts: site.drafts))
        options.host = host
        options.port = port ?? 8080
        options.portIsExplicit = port != nil
        options.polling = poll
        let root = site.rootURL.path, verbose = verbose
        let server = PreviewServer(options: options) { Self.show($0, root: root, verbose: verbose) }

        // Ctrl-C and SIGTERM: end the event streams and stop; never wait long for it.
        let signals = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                Task { await server.stop() }
                DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { Foundation.exit(0) }
            }
            source.resume()
            return source
        }
        defer { signals.forEach { $0.cancel() } }
        do {
            try await server.run()
        } catch let error as PreviewError {
            Self.write("error: \(error.description)\n", to: .standardError)
            throw ExitCode(2)
        }
    }

    /// Prints what the server reports, flushed at once so that a pipe sees it too.
    static func show(_ message: PreviewMessage, root: String, verbose: Bool = false) {
        switch message {
        case .portTaken(let port):
            write("Port \(port) is in use; trying \(port + 1).\n", to: .standardOutput)
        case .polling:
            write("Watching by scanning the folders every half second.\n", to: .standardOutput)
        case .serving(let url):
            write("Serving \(root) at \(url.absoluteString) (Ctrl-C to stop)\n", to: .standardOutput)
        case .built(let snapshot, let seconds, let first):
            let report = snapshot.report
            if !report.diagnostics.isEmpty {
                write(report.diagnostics.map { $0.description + "\n" }.joined(), to: .standardError)
            }
            let time = "\(Int((seconds * 1000).rounded())) ms"
            if verbose { write(StepTimes.lines(report.steps), to: .standardOutput) }
            let errors = report.diagnostics.filter { $0.severity == .error }.count
            if first, report.exitCode == 2 {
                // The site cannot be read at all: the error that follows says so.
                return
            } else if !snapshot.isCurrent {
                let kept = snapshot.files.isEmpty ? "nothing to serve yet" : "serving the last good site"
                write("Build failed with \(errors) error\(errors == 1 ? "" : "s") in \(time); \(kept).\n", to: .standardOutput)
            } else if first {
                write("Built \(report.pages) pages (\(snapshot.files.count) files) in \(time).\n", to: .standardOutput)
            } else {
                let count = snapshot.changed.count
                write("Rebuilt in \(time): \(count) file\(count == 1 ? "" : "s") changed.\n", to: .standardOutput)
            }
        }
    }

    private static func write(_ text: String, to handle: FileHandle) {
        handle.write(Data(text.utf8))
    }
}
