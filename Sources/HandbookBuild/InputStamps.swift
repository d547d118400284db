import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What every input file looked like (size, times, inode) when a build started, so that the
/// next build can tell, from `stat` alone, that nothing changed and there is nothing to do.
///
/// Like Git's index, it guards against a file changed in the same clock tick as the build
/// started: a file whose times are not older than the stamp's own time by a margin makes the
/// next build a real one.
struct InputStamps: Equatable {
    /// One line per file and folder: `path size mtime ctime inode` (times in nanoseconds).
    private(set) var lines: [String] = []
    /// When the stamps were taken, in nanoseconds.
    private(set) var taken: Int64 = 0
    /// Whether some file changed too close to `taken` to be trusted.
    private(set) var racy = false

    /// How close to the stamp's time a change must be to count as racy: the coarsest
    /// timestamp granularity of common file systems is a few milliseconds; one second is safe.
    static let margin: Int64 = 1_000_000_000

    /// Stamps Content/ and Themes/ under `root`, the binary, and the options that change output.
    static func take(root: URL, options: BuildOptions) -> InputStamps {
        var stamps = InputStamps()
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        stamps.taken = Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
        stamps.lines.append(
            "handbook \(HandbookVersion.current) drafts=\(options.includeDrafts) keep-going=\(options.keepGoing) git=\(options.useGit) "
                + "epoch=\(options.sourceDateEpoch.map(String.init) ?? "none")")
        stamps.stamp(executablePath, shown: "binary")
        for folder in ["Content", "Themes"] {
            stamps.walk(root.appendingPathComponent(folder).path, shown: folder)
        }
        // Page dates come from Git and owners from CODEOWNERS: a commit or a new owner changes
        // pages without changing a file of Content/.
        let top = options.useGit ? Repository.gitTopLevel(above: root.standardizedFileURL.resolvingSymlinksInPath()) : nil
        for location in CodeOwners.locations {
            stamps.stamp((top ?? root).appendingPathComponent(location).path, shown: "codeowners/" + location)
        }
        if let top { stamps.stampGit(top.appendingPathComponent(".git").path) }
        return stamps
    }

    /// The running program's file, so a new binary makes a real build. `argv[0]` alone is a bare
    /// name when the program was found through PATH; Linux names the file in /proc/self/exe.
    private static var executablePath: String {
        #if os(Linux)
            if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        return Bundle.main.executablePath ?? CommandLine.arguments.first ?? ""
    }

    /// Stamps what moves when a commit is made or checked out: HEAD, the branch it names, the
    /// packed refs and HEAD's log. `.git` may be a file naming the real folder (a worktree).
    private mutating func stampGit(_ dotGit: String) {
        var folder = dotGit
        if let text = try? String(contentsOfFile: dotGit, encoding: .utf8), text.hasPrefix("gitdir: ") {
            let named = text.dropFirst("gitdir: ".count).trimmingCharacters(in: .whitespacesAndNewlines)
            folder = named.hasPrefix("/") ? named : (dotGit as NSString).deletingLastPathComponent + "/" + named
        }
        for file in ["HEAD", "packed-refs", "logs/HEAD"] { stamp(folder + "/" + file, shown: "git/" + file) }
        if let head = try? String(contentsOfFile: folder + "/HEAD", encoding: .utf8), head.hasPrefix("ref: ") {
            let ref = head.dropFirst("ref: ".count).trimmingCharacters(in: .whitespacesAndNewlines)
            stamp(folder + "/" + ref, shown: "git/" + ref)
            // A worktree's branches live in the main repository's folder.
            if let common = try? String(contentsOfFile: folder + "/commondir", encoding: .utf8) {
                let path = common.trimmingCharacters(in: .whitespacesAndNewlines)
                stamp((path.hasPrefix("/") ? path : folder + "/" + path) + "/" + ref, shown: "git/common/" + ref)
            }
        }
    }

    private mutating func walk(_ path: String, shown: String) {
        guard stamp(path, shown: shown) else { return }
        guard let entries = try? DirectoryEntry.read(path, followingLinks: false) else { return }
        for entry in entries.sorted(by: { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }) where !entry.name.hasPrefix(".") {
            let child = path + "/" + entry.name, childShown = shown + "/" + entry.name
            if entry.kind == .folder {
                walk(child, shown: childShown)
            } else {
                stamp(child, shown: childShown)
            }
        }
    }

    /// Adds one line for `path` (and for what a link points at); false when it does not exist.
    @discardableResult
    private mutating func stamp(_ path: String, shown: String) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            lines.append("\(shown) missing")
            return false
        }
        add(shown, info)
        if info.st_mode & S_IFMT == S_IFLNK {
            var target = stat()
            if stat(path, &target) == 0 { add(shown + " ->", target) } else { lines.append("\(shown) -> dangling") }
        }
        return true
    }

    private mutating func add(_ shown: String, _ info: stat) {
        let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        let changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
        if max(modified, changed) > taken - Self.margin { racy = true }
        lines.append("\(shown) \(info.st_size) \(modified) \(changed) \(info.st_ino) \(info.st_mode)")
    }

    /// The stamps as a file's text; racy stamps are never written, so they never match.
    var text: String { "taken \(taken)\n" + lines.joined(separator: "\n") + "\n" }

    /// Reads stamps written by `text`.
    init?(text: String) {
        // Split on bytes: a line per input file, ten thousand of them on a large site.
        var lines = text.utf8.split(separator: 10, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard let first = lines.first, first.hasPrefix("taken "), let taken = Int64(first.dropFirst(6)) else { return nil }
        lines.removeFirst()
        if lines.last == "" { lines.removeLast() }
        self.lines = lines
        self.taken = taken
    }

    private init() {}

    static func == (lhs: InputStamps, rhs: InputStamps) -> Bool { lhs.lines == rhs.lines }
}
