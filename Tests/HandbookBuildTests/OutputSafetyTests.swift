import Foundation
import HandbookBuild
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The output folder is the user's: unsafe locations are refused, the user's files survive,
/// the swap is atomic even under SIGKILL, two builds never mix, and a failing environment
/// leaves the previous site whole.
@Suite struct OutputSafetyTests {
    /// A copy of the fixture site in a fresh folder, with `extra` appended to its site.yml.
    static func makeSite(_ name: String = #function, siteYML extra: String = "") throws -> URL {
        // One level down, so the folder around the site is this test's own too.
        let root = try Fixtures.temporaryFolder(name).appendingPathComponent("site")
        try FileManager.default.copyItem(at: Fixtures.site.appendingPathComponent("Content"), to: root.appendingPathComponent("Content"))
        if !extra.isEmpty {
            let config = root.appendingPathComponent("Content/site.yml")
            try Data((try String(contentsOf: config, encoding: .utf8) + extra).utf8).write(to: config)
        }
        return root
    }

    /// Changes a page so a second build differs from the first.
    static func edit(_ root: URL, _ text: String = "A second version of this page.") throws {
        let page = root.appendingPathComponent("Content/guides/step-2.md")
        try Data((try String(contentsOf: page, encoding: .utf8) + "\n\n\(text)\n").utf8).write(to: page)
    }

    /// Every entry below a folder (files and folders), relative path to file bytes (folders: nil).
    static func tree(_ folder: URL) -> [String: Data?] {
        var result: [String: Data?] = [:]
        let base = folder.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return [:] }
        while let relative = walker.nextObject() as? String {
            var info = stat()
            guard lstat(base + "/" + relative, &info) == 0 else { continue }
            result[relative] = info.st_mode & S_IFMT == S_IFREG ? FileManager.default.contents(atPath: base + "/" + relative) : nil
        }
        return result
    }

    /// The paths where two trees differ, at most ten: short messages when a test fails.
    static func differences(_ a: [String: Data?], _ b: [String: Data?]) -> [String] {
        Array(Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted().prefix(10))
    }

    static func inode(_ path: String) -> UInt64 {
        var info = stat()
        return lstat(path, &info) == 0 ? UInt64(info.st_ino) : 0
    }

    /// The user's own entries, made before the first build.
    static func addUserEntries(to output: URL) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: output.appendingPathComponent(".git/objects"), withIntermediateDirectories: true)
        try Data("ref: refs/heads/pages\n".utf8).write(to: output.appendingPathComponent(".git/HEAD"))
        try Data().write(to: output.appendingPathComponent(".nojekyll"))
        try fm.createDirectory(at: output.appendingPathComponent(".well-known"), withIntermediateDirectories: true)
        try Data("contact: x\n".utf8).write(to: output.appendingPathComponent(".well-known/security.txt"))
        try Data("handbook.example.com\n".utf8).write(to: output.appendingPathComponent("CNAME"))
        try fm.createDirectory(at: output.appendingPathComponent("downloads"), withIntermediateDirectories: true)
        try Data("PDF".utf8).write(to: output.appendingPathComponent("downloads/report.pdf"))
    }

    static let userPaths = [".git/HEAD", ".git/objects", ".nojekyll", ".well-known/security.txt", "CNAME", "downloads/report.pdf"]
    static let keepYML = "keep:\n  - CNAME\n  - downloads/report.pdf\n"

    // MARK: - Where a site may go

    @Test(arguments: ["root", "parent", "content", "themes", "sources", "file"])
    func refusesUnsafeOutputFolders(_ kind: String) throws {
        let root = try Self.makeSite("refuses" + kind)
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("Themes/default"), withIntermediateDirectories: true)
        let output: URL
        switch kind {
        case "root": output = root
        case "parent": output = root.deletingLastPathComponent()
        case "content": output = root.appendingPathComponent("Content/site")
        case "themes": output = root.appendingPathComponent("Themes/out")
        case "sources":
            output = try Fixtures.temporaryFolder("other").appendingPathComponent("other-site")
            try fm.createDirectory(at: output.appendingPathComponent("Content"), withIntermediateDirectories: true)
        default:
            output = root.appendingPathComponent("Output")
            try Data("a file".utf8).write(to: output)
        }
        let before = Self.tree(root.deletingLastPathComponent())
        let report = SiteBuilder.build(BuildOptions(root: root, output: output))
        #expect(report.exitCode == 2)
        #expect(report.diagnostics.count == 1)
        #expect(report.diagnostics.first?.message.contains(kind == "file" ? "is not a folder" : "the output folder") == true)
        #expect(report.diagnostics.first?.hint?.contains("nothing was changed") == true)
        #expect(Self.differences(Self.tree(root.deletingLastPathComponent()), before) == [], "nothing may be touched")
    }

    // MARK: - The user's files

    @Test func dotfilesAndKeptPathsSurviveEveryBuildUntouched() throws {
        let root = try Self.makeSite(siteYML: Self.keepYML)
        let output = root.appendingPathComponent("Output")
        try Self.addUserEntries(to: output)
        let inodes = Self.userPaths.map { Self.inode(output.path + "/" + $0) }
        let contents = Self.userPaths.map { FileManager.default.contents(atPath: output.path + "/" + $0) }
        for round in 0..<3 {
            if round > 0 { try Self.edit(root, "Round \(round).") }
            let report = SiteBuilder.build(BuildOptions(root: root, output: output))
            #expect(report.succeeded, "\(report.diagnostics)")
            #expect(Self.userPaths.map { Self.inode(output.path + "/" + $0) } == inodes, "round \(round)")
            #expect(Self.userPaths.map { FileManager.default.contents(atPath: output.path + "/" + $0) } == contents)
        }
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("index.html").path))
    }

    @Test func filesHandbookDidNotWriteStopTheSwap() throws {
        let root = try Self.makeSite()
        let output = root.appendingPathComponent("Output")
        #expect(SiteBuilder.build(BuildOptions(root: root, output: output)).succeeded)
        try Data("mine".utf8).write(to: output.appendingPathComponent("guides/notes.txt"))
        try Self.edit(root)
        let before = Self.tree(output)
        let report = SiteBuilder.build(BuildOptions(root: root, output: output))
        #expect(report.exitCode == 2)
        #expect(report.diagnostics.map(\.message) == ["the output folder holds 1 file that handbook did not write: guides/notes.txt"])
        #expect(Self.differences(Self.tree(output), before) == [])
    }

    @Test func aFolderFromAnotherToolIsNotTakenOver() throws {
        let root = try Self.makeSite()
        let output = root.appendingPathComponent("Output")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try Data("hugo".utf8).write(to: output.appendingPathComponent("index.html"))
        let report = SiteBuilder.build(BuildOptions(root: root, output: output))
        #expect(report.exitCode == 2)
        #expect(try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8) == "hugo")
    }

    @Test(arguments: [
        ("keep: [guides/index.html]", "Content/site.yml:30:8: `keep:` entry 'guides/index.html' is also written by the site"),
        ("keep: [a, ../x]", "Content/site.yml:30:11: `keep:` entry '../x' must be a path inside the output folder"),
        ("keep: CNAME", "Content/site.yml:30:7: `keep:` must be a list of paths in the output folder"),
    ])
    func badKeptPathsAreErrors(_ yml: String, _ expected: String) throws {
        let root = try Self.makeSite("badKept", siteYML: yml + "\n")
        let report = SiteBuilder.build(BuildOptions(root: root, output: root.appendingPathComponent("Output")))
        #expect(report.exitCode == 1)
        #expect(report.diagnostics.map { "\($0.location): \($0.message)" } == [expected])
    }

    @Test func theOutputFolderKeepsItsPermissionsAndHoldsOnlyFilesAndFolders() throws {
        let root = try Self.makeSite()
        let output = root.appendingPathComponent("Output")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        chmod(output.path, 0o750)
        for round in 0..<2 {
            if round > 0 { try Self.edit(root) }
            #expect(SiteBuilder.build(BuildOptions(root: root, output: output)).succeeded)
            var info = stat()
            #expect(stat(output.path, &info) == 0)
            #expect(info.st_mode & 0o7777 == 0o750)
            #if os(Linux)
                // No file attribute (chattr) on the folder the user sees.
                let fd = open(output.path, O_RDONLY | O_DIRECTORY)
                var flags: Int32 = 0
                if fd >= 0, ioctl(fd, 0x8008_6601, &flags) == 0 { #expect(flags & 0x0002_0000 == 0, "T attribute set") }
                close(fd)
            #endif
        }
        let base = output.path
        let walker = FileManager.default.enumerator(atPath: base)!
        while let relative = walker.nextObject() as? String {
            var info = stat()
            #expect(lstat(base + "/" + relative, &info) == 0)
            let kind = info.st_mode & S_IFMT
            #expect(kind == S_IFREG || kind == S_IFDIR, "\(relative) is neither a file nor a folder")
        }
    }

    // MARK: - One build at a time

    @Test func aSecondBuildStopsWhileTheFirstHoldsTheLock() throws {
        let root = try Self.makeSite()
        let output = root.appendingPathComponent("Output")
        #expect(SiteBuilder.build(BuildOptions(root: root, output: output)).succeeded)
        let lock = open(root.appendingPathComponent(".Output.handbook/lock").path, O_RDWR)
        try #require(lock >= 0)
        defer { close(lock) }
        #expect(flock(lock, LOCK_EX | LOCK_NB) == 0)
        let before = Self.tree(output)
        try Self.edit(root)
        let report = SiteBuilder.build(BuildOptions(root: root, output: output))
        #expect(report.exitCode == 2)
        #expect(report.diagnostics.map(\.message) == ["another handbook build is writing this output folder"])
        #expect(Self.differences(Self.tree(output), before) == [])
        flock(lock, LOCK_UN)
        #expect(SiteBuilder.build(BuildOptions(root: root, output: output)).succeeded)
    }

    @Test func concurrentBuildsNeverMixTheirFiles() throws {
        let root = try Self.makeSite()
        let output = root.appendingPathComponent("Output")
        let clean = try Fixtures.temporaryFolder().appendingPathComponent("Output")
        #expect(SiteBuilder.build(BuildOptions(root: root, output: clean)).succeeded)
        var outcomes: [Int32: Int] = [:]
        for _ in 0..<6 {
            let processes = try (0..<3).map { _ in try HandbookProcess.start(["build", "--root", root.path, "--output", output.path]) }
            for process in processes {
                let result = process.finish()
                outcomes[result.status, default: 0] += 1
                #expect(
                    result.status == 0 || result.stderr.contains("another handbook build is writing this output folder"), "\(result.stderr)"
                )
            }
            #expect(Fixtures.files(in: output) == Fixtures.files(in: clean))
        }
        print("concurrent builds: \(outcomes[0] ?? 0) built, \(outcomes[2] ?? 0) stopped by the lock")
        #expect(outcomes.keys.allSatisfy { $0 == 0 || $0 == 2 })
    }

    /// A reader never sees the output folder missing or half of a site while builds swap.
    @Test func readersAlwaysSeeAWholeSite() throws {
        let root = try Self.makeSite()
        let output = root.appendingPathComponent("Output")
        #expect(SiteBuilder.build(BuildOptions(root: root, output: output)).succeeded)
        let index = output.appendingPathComponent("index.html").path
        let page = output.appendingPathComponent("guides/step-2/index.html").path
        let stop = ManagedFlag()
        let failures = ManagedCounter(), reads = ManagedCounter()
        let reader = Thread {
            while !stop.isSet {
                reads.increment()
                if access(index, R_OK) != 0 || access(page, R_OK) != 0 { failures.increment() }
            }
        }
        reader.start()
        for round in 0..<12 {
            try Self.edit(root, "Round \(round).")
            #expect(SiteBuilder.build(BuildOptions(root: root, output: output)).succeeded)
        }
        stop.set()
        while !reader.isFinished { usleep(1000) }
        print("readers: \(reads.value) reads during 12 swaps, \(failures.value) saw a missing page")
        #expect(failures.value == 0)
    }

    // MARK: - SIGKILL at every step

    /// Kills builds at every named point of the write step and at random moments; after each,
    /// the output is a whole old or a whole new site, and the next build repairs the rest.
    @Test(arguments: [false, true])
    func killedBuildsLeaveAWholeOldOrNewSite(fallbackSwap: Bool) throws {
        let root = try Self.makeSite("killed\(fallbackSwap)", siteYML: Self.keepYML)
        let output = root.appendingPathComponent("Output")
        try Self.addUserEntries(to: output)
        #expect(SiteBuilder.build(BuildOptions(root: root, output: output)).succeeded)
        let userFiles = Dictionary(uniqueKeysWithValues: Self.userPaths.map { ($0, Self.tree(output)[$0]) })
        func site(_ tree: [String: Data?]) -> [String: Data?] {
            tree.filter { key, _ in !key.hasPrefix(".") && key != "CNAME" && !key.hasPrefix("downloads") }
        }
        var versions = [site(Self.tree(output))]
        var points = [
            "lock", "recover", "write#1", "write#20", "write#60", "write#104", "manifest", "keep#1", "keep#3", "keep#5", "exchange", "done",
        ]
        if fallbackSwap { points += ["fallback"] }
        var random = SystemRandomNumberGenerator()
        points += (0..<8).map { _ in "after-ms#\(Int.random(in: 2...40, using: &random))" }
        var kills = 0
        for (round, point) in points.enumerated() {
            try Self.edit(root, "Version \(round + 1).")
            // The new version, built clean elsewhere.
            let clean = try Fixtures.temporaryFolder().appendingPathComponent("Output")
            #expect(SiteBuilder.build(BuildOptions(root: root, output: clean)).succeeded)
            let new = site(Self.tree(clean))
            var environment = fallbackSwap ? ["HANDBOOK_NO_EXCHANGE": "1"] : [:]
            let process: HandbookProcess
            if point.hasPrefix("after-ms#") {
                process = try HandbookProcess.start(["build", "--root", root.path, "--output", output.path], environment: environment)
                usleep(UInt32(point.dropFirst("after-ms#".count))! * 1000)
                kill(process.pid, SIGKILL)
            } else {
                environment["HANDBOOK_KILL_AT"] = point
                process = try HandbookProcess.start(["build", "--root", root.path, "--output", output.path], environment: environment)
            }
            let result = process.finish()
            if result.killed { kills += 1 }
            if !point.hasPrefix("after-ms#") { #expect(result.killed, "the build never reached \(point)") }
            let now = site(Self.tree(output))
            let fromOld = Self.differences(now, versions.last!), fromNew = Self.differences(now, new)
            if fallbackSwap && point == "fallback" {
                // The one moment of the two-rename swap (file systems that cannot exchange):
                // the output is gone until the next build puts the old site back first.
                #expect(now.isEmpty, "at \(point)")
            } else {
                #expect(fromOld.isEmpty || fromNew.isEmpty, "after a kill at \(point) the output is neither site: \(fromOld) / \(fromNew)")
            }
            // The next build finishes the job and the user's files are back, untouched.
            let report = SiteBuilder.build(BuildOptions(root: root, output: output))
            #expect(report.succeeded, "after \(point): \(report.diagnostics.map(\.description))")
            let tree = Self.tree(output)
            #expect(Self.differences(site(tree), new) == [], "after \(point)")
            for (path, data) in userFiles { #expect(tree[path] == data, "\(path) after a kill at \(point)") }
            versions.append(new)
        }
        print("kill test (\(fallbackSwap ? "two-rename fallback" : "exchange")): \(points.count) builds interrupted, \(kills) killed")
    }

    // MARK: - A failing environment

    @Test func aFullDiskIsAnEnvironmentErrorAndLeavesTheOldSite() throws {
        guard let mount = try TemporaryMount(sizeKB: 2048) else { return }
        defer { mount.remove() }
        let root = try Self.makeSite()
        let output = mount.url.appendingPathComponent("Output")
        #expect(SiteBuilder.build(BuildOptions(root: root, output: output)).succeeded)
        let before = Self.tree(output)
        // Fill the disk, then build a bigger site.
        let filler = mount.url.appendingPathComponent("filler")
        _ = FileManager.default.createFile(atPath: filler.path, contents: nil)
        let handle = try FileHandle(forWritingTo: filler)
        let block = Data(repeating: 0x61, count: 64 * 1024)
        while (try? handle.write(contentsOf: block)) != nil {}
        try handle.close()
        try Self.edit(root, String(repeating: "More text that needs room. ", count: 4000))
        let report = SiteBuilder.build(BuildOptions(root: root, output: output))
        #expect(report.exitCode == 2)
        #expect(report.diagnostics.count == 1)
        let diagnostic = try #require(report.diagnostics.first)
        #expect(diagnostic.message == String(cString: strerror(ENOSPC)))
        #expect(diagnostic.location.file.hasPrefix(mount.url.path), "the path is named: \(diagnostic.location.file)")
        #expect(diagnostic.hint?.contains("free some disk space") == true)
        #expect(Self.differences(Self.tree(output), before) == [])
        #expect(
            !FileManager.default.fileExists(atPath: mount.url.appendingPathComponent(".Output.handbook/site").path), "staging cleaned up")
        try FileManager.default.removeItem(at: filler)
        #expect(SiteBuilder.build(BuildOptions(root: root, output: output)).succeeded)
    }

    @Test func aReadOnlyOutputIsAnEnvironmentError() throws {
        guard let mount = try TemporaryMount(sizeKB: 4096) else { return }
        defer { mount.remove() }
        let root = try Self.makeSite()
        let output = mount.url.appendingPathComponent("Output")
        #expect(SiteBuilder.build(BuildOptions(root: root, output: output)).succeeded)
        let before = Self.tree(output)
        try #require(mount.remount(readOnly: true))
        try Self.edit(root)
        let report = SiteBuilder.build(BuildOptions(root: root, output: output))
        #expect(report.exitCode == 2)
        #expect(report.diagnostics.map(\.message) == [String(cString: strerror(EROFS))])
        #expect(Self.differences(Self.tree(output), before) == [])
    }
}

/// A small tmpfs mounted for one test; nil (with a printed reason) where mounting is impossible.
struct TemporaryMount {
    let url: URL

    init?(sizeKB: Int) throws {
        let folder = try Fixtures.temporaryFolder("mount")
        let result = Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(sizeKB)k", "tmpfs", folder.path])
        guard result == 0 else {
            print("skipped: cannot mount a tmpfs here (mount exited \(result); needs root outside a restricted container)")
            return nil
        }
        url = folder
    }

    func remount(readOnly: Bool) -> Bool {
        Self.run("/bin/mount", ["-o", "remount,\(readOnly ? "ro" : "rw")", url.path]) == 0
    }

    func remove() {
        _ = Self.run("/bin/umount", ["-l", url.path])
    }

    private static func run(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// The `handbook` binary run as a child process that a test may kill.
struct HandbookProcess {
    let process: Process
    let out: Pipe
    let err: Pipe
    var pid: Int32 { process.processIdentifier }

    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> HandbookProcess {
        let process = Process()
        process.executableURL = Fixtures.handbookBinary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return HandbookProcess(process: process, out: out, err: err)
    }

    func finish() -> (status: Int32, killed: Bool, stdout: String, stderr: String) {
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let killed = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
        return (process.terminationStatus, killed, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}

/// A flag and a counter shared with a reader thread.
final class ManagedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

final class ManagedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func increment() { lock.withLock { count += 1 } }
}
