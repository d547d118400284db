import Foundation
import HandbookBuild
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One updating line on a terminal saying where a long build is (`render 4,123 of 10,201`),
/// shown only once the build has taken a second and only when standard error is a terminal,
/// so CI logs hold nothing but the summary. Cleared before anything else is printed.
final class ProgressLine: Sendable {
    private let state = Mutex<(progress: BuildProgress?, shown: Bool, finished: Bool, printed: ContinuousClock.Instant?)>(
        (nil, false, false, nil))
    private let start = ContinuousClock.now
    private let done = DispatchSemaphore(value: 0)
    /// How long a build runs before the line appears; `HANDBOOK_PROGRESS_AFTER_MS` changes it
    /// (for the test that drives a pseudo-terminal).
    private let delay: Duration

    /// A progress line, or nil when standard error is not a terminal.
    init?() {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        let milliseconds = ProcessInfo.processInfo.environment["HANDBOOK_PROGRESS_AFTER_MS"].flatMap(Int.init) ?? 1000
        delay = .milliseconds(milliseconds)
        let thread = Thread { [self] in tick() }
        thread.start()
    }

    /// Takes the build's latest position; called from the build's threads. Prints it at once
    /// when the line is due and was not printed in the last tenth of a second; the ticker
    /// prints it otherwise, so a long step without counts still shows.
    func update(_ progress: BuildProgress) {
        state.withLock { $0.progress = progress }
        printIfDue(minimumGap: .milliseconds(100))
    }

    private func printIfDue(minimumGap: Duration) {
        let now = ContinuousClock.now
        guard start.duration(to: now) >= delay else { return }
        let line: String? = state.withLock { state in
            guard !state.finished, let progress = state.progress else { return nil }
            if let printed = state.printed, printed.duration(to: now) < minimumGap { return nil }
            state.printed = now
            state.shown = true
            var line = "  \(progress.step)"
            if progress.total > 0 { line += " \(progress.done) of \(progress.total)" }
            return line
        }
        if let line { write("\r\u{1B}[2K" + line) }
    }

    /// Stops the line and clears it.
    func finish() {
        state.withLock { $0.finished = true }
        done.wait()
    }

    private func tick() {
        while !state.withLock({ $0.finished }) {
            printIfDue(minimumGap: .milliseconds(100))
            Thread.sleep(forTimeInterval: 0.1)
        }
        if state.withLock({ $0.shown }) { write("\r\u{1B}[2K") }
        done.signal()
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
