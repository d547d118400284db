import Foundation
import HandbookBuild
import Synchronization
import Testing

/// Malformed and hostile inputs, one folder each under Tests/Fixtures/bad-input, each with the
/// exact diagnostics and exit code it must give in expected.txt (regenerate with
/// `scripts/update-golden.sh`). Inputs that git cannot hold portably or that are too big to
/// commit (symbolic links, odd file names, a 20 MB page, unreadable files) are made by
/// `BadInput.generated` in a temporary folder; their fixture folder holds only expected.txt.
///
/// Every case must end in time, without a crash; a failed build must leave the previous output
/// as it was, and a build that succeeds must have swapped in a site whose links all resolve.
@Suite struct BadInputTests {
    static let folder = Fixtures.folder.appendingPathComponent("bad-input")

    static let cases: [String] = {
        let committed = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return Set(committed).union(BadInput.generated.keys).sorted()
    }()

    @Test func everyCaseHasAnInputAndAnExpectation() {
        print("bad-input: \(Self.cases.count) cases")
        #expect(Self.cases.count >= 60, "the suite lost its cases")
        for name in Self.cases {
            let root = Self.folder.appendingPathComponent(name)
            let hasInput = ["Content", "Themes"].contains {
                FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path)
            }
            #expect(hasInput || BadInput.generated[name] != nil, "\(name) has neither a committed input nor a generator")
            if !Fixtures.updating {
                #expect(
                    FileManager.default.fileExists(atPath: root.appendingPathComponent("expected.txt").path),
                    "\(name) has no expected.txt")
            }
        }
    }

    @Test(arguments: cases)
    func reportsExactlyWhatIsWrong(_ name: String) throws {
        let fixture = Self.folder.appendingPathComponent(name)
        let generated = BadInput.generated[name]
        let work = try Fixtures.temporaryFolder(name)
        defer { BadInput.remove(work) }
        // Committed inputs are built where they are; generated ones (which may add to a
        // committed part) in the temporary folder.
        var root = fixture
        if let generated {
            root = work.appendingPathComponent("site")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            for part in ["Content", "Themes"] where FileManager.default.fileExists(atPath: fixture.appendingPathComponent(part).path) {
                try FileManager.default.copyItem(at: fixture.appendingPathComponent(part), to: root.appendingPathComponent(part))
            }
            if let reason = try generated.make(root) {
                print("bad-input: \(name) skipped: \(reason)")
                return
            }
        }
        let output = work.appendingPathComponent("Output")
        let previous = try Fixtures.previousBuild(at: output)
        let sentinel = output.appendingPathComponent("index.html")

        let budget = generated?.budget ?? BadInput.defaultBudget
        let options = BuildOptions(root: root, output: output)
        let (finished, seconds) = Self.run(within: budget) { SiteBuilder.build(options) }
        if generated?.budget != nil {
            print("bad-input: \(name) built in \(String(format: "%.2f", seconds)) s (budget \(Int(budget)) s)")
        }
        guard let report = finished else {
            Issue.record("\(name): the build did not finish within its budget of \(budget) s")
            return
        }

        var text = "exit \(report.exitCode)\n"
        text += report.diagnostics.map(\.description).joined(separator: "\n") + "\n"
        text = text.replacingOccurrences(of: root.path, with: "ROOT")
        let expectedFile = fixture.appendingPathComponent("expected.txt")
        if Fixtures.updating {
            try FileManager.default.createDirectory(at: fixture, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: expectedFile)
            return
        }
        #expect(text == (try String(contentsOf: expectedFile, encoding: .utf8)), "\(name): diagnostics differ from expected.txt")
        if report.exitCode == 0 {
            #expect(
                (try? String(contentsOf: sentinel, encoding: .utf8))
                    != previous[sentinel.lastPathComponent].map {
                        String(decoding: $0, as: UTF8.self)
                    }, "\(name): the site was not written")
            #expect(Self.brokenLinks(in: output) == [], "\(name): links of the built site do not resolve")
            generated?.check?(output)
            BadInput.checks[name]?(output)
        } else {
            #expect(Fixtures.files(in: output) == previous, "\(name): the output changed")
        }
    }

    /// Runs `body` on a thread of its own (with the main thread's 8 MB of stack) and waits at
    /// most `seconds`: a build that hangs fails its case instead of stalling the run.
    static func run<T: Sendable>(within seconds: Double, _ body: @escaping @Sendable () -> T) -> (T?, Double) {
        let result = Mutex<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        let start = ContinuousClock.now
        let thread = Thread {
            let value = body()
            result.withLock { $0 = value }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        let finished = done.wait(timeout: .now() + seconds) == .success
        let elapsed = start.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (finished ? result.withLock { $0 } : nil, seconds)
    }

    /// Relative href and src targets in the built HTML that name no file, read as a browser
    /// reads them: entities, then percent escapes decoded.
    static func brokenLinks(in output: URL) -> [String] {
        let all = Fixtures.files(in: output)
        let pattern = try! NSRegularExpression(pattern: #"(?:href|src)="([^"]*)""#)
        var broken: [String] = []
        for (path, data) in all where path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self)
            let folder = path.split(separator: "/").dropLast()
            for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
                var target = String(html[Range(match.range(at: 1), in: html)!])
                for (entity, character) in [
                    ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"),
                ] {
                    target = target.replacingOccurrences(of: entity, with: character)
                }
                if target.isEmpty || target.hasPrefix("#") || target.contains(":") || target.hasPrefix("//") { continue }
                let file = String(target.prefix { $0 != "#" && $0 != "?" })
                var parts = Array(folder)
                var escapes = false
                for part in file.split(separator: "/") {
                    if part == ".." {
                        if parts.isEmpty { escapes = true } else { parts.removeLast() }
                    } else if part != "." {
                        parts.append(part)
                    }
                }
                let resolved = (parts.joined(separator: "/").removingPercentEncoding) ?? ""
                if escapes || all[resolved] == nil { broken.append("\(path): \(target)") }
            }
        }
        return Array(broken.sorted().prefix(10))
    }
}
