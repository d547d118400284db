import Foundation

/// The date of each file's last commit under Content/, from one `git log` over the whole tree.
///
/// One process for the site, not one per page: a page-by-page `git log -1` costs a process
/// start and a history walk each, seconds on a large handbook. Any failure (no git, not a
/// repository, a repository git refuses to read) means no dates, never an error: dates are a
/// nicety and a build must not depend on where it runs.
final class GitHistory: @unchecked Sendable {
    private let process = Process()
    private let output = Pipe()
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the reader before `done` is signalled, read only after waiting on it.
    private var dates: [String: Int] = [:]

    /// Starts `git log` in the folder that holds Content/; the history is read while the caller
    /// reads the content. Nil when there is no git to run.
    static func start(siteRoot: URL) -> GitHistory? {
        guard let git = executable(named: "git") else { return nil }
        let history = GitHistory()
        let process = history.process
        process.executableURL = git
        // -z: names as they are, however odd; --relative: names from the site's folder, which
        // may be below the repository's top level; no renames, so each name is the file's own.
        process.arguments = [
            "-C", siteRoot.path, "-c", "log.follow=false", "-c", "log.showSignature=false", "log", "-z", "--format=%x00%ct",
            "--name-only", "--no-renames", "--relative", "--", "Content",
        ]
        var environment = ProcessInfo.processInfo.environment
        // Inside a Git hook these point at the hook's repository, not necessarily the site's.
        for key in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX"] { environment[key] = nil }
        process.environment = environment
        process.standardOutput = history.output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        DispatchQueue.global().async { history.collect() }
        return history
    }

    private func collect() {
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus == 0 { dates = Self.parse(data) }
        done.signal()
    }

    /// Waits for git and returns each file's last commit time (seconds since 1970), by path
    /// under Content/.
    func finish() -> [String: Int] {
        done.wait()
        return dates
    }

    /// Reads `git log -z --format=%x00%ct --name-only` output: each commit is its time, then the
    /// names it touched, every item ended by a NUL; the newest time of each name wins.
    static func parse(_ data: Data) -> [String: Int] {
        var dates: [String: Int] = [:]
        var current: Int?
        let prefix = Array("Content/".utf8)
        for item in data.split(separator: 0, omittingEmptySubsequences: true) {
            var bytes = item[...]
            while let first = bytes.first, first == UInt8(ascii: "\n") { bytes = bytes.dropFirst() }
            guard !bytes.isEmpty else { continue }
            if bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                current = Int(String(decoding: bytes, as: UTF8.self))
            } else if let time = current, bytes.starts(with: prefix) {
                let path = String(decoding: bytes.dropFirst(prefix.count), as: UTF8.self)
                dates[path] = max(dates[path] ?? time, time)
            }
        }
        return dates
    }

    /// The first executable of that name on PATH (or the usual folders when PATH is unset).
    static func executable(named name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = String(folder) + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
        }
        return nil
    }
}
