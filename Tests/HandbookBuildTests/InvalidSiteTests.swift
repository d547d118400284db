import Foundation
import HandbookBuild
import Testing

/// One folder per mistake under Tests/Fixtures/invalid, each with the exact diagnostics it
/// must produce in expected.txt. A failed build must leave the previous output untouched.
@Suite struct InvalidSiteTests {
    /// Test arguments are listed before any test runs and cannot throw, so an unreadable
    /// folder gives no cases here; `everyCaseIsListed` makes that a failure.
    static let cases: [String] = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.invalid.path).sorted()) ?? []

    @Test func everyCaseIsListed() throws {
        let listed = try FileManager.default.contentsOfDirectory(atPath: Fixtures.invalid.path)
        print("invalid sites: \(Self.cases.count) cases in Tests/Fixtures/invalid")
        #expect(Self.cases.count == listed.count)
        #expect(Self.cases.count >= 24, "Tests/Fixtures/invalid should hold at least 24 cases, one folder per mistake")
    }

    @Test(arguments: cases)
    func reportsTheExactDiagnostic(_ name: String) throws {
        let root = Fixtures.invalid.appendingPathComponent(name)
        let output = try Fixtures.temporaryFolder(name).appendingPathComponent("Output")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let sentinel = output.appendingPathComponent("index.html")
        try Data("previous build".utf8).write(to: sentinel)

        let report = SiteBuilder.build(BuildOptions(root: root, output: output))
        let text = report.diagnostics.map(\.description).joined(separator: "\n") + "\n"
        let expectedFile = root.appendingPathComponent("expected.txt")
        if Fixtures.updating {
            try Data(text.utf8).write(to: expectedFile)
            return
        }
        #expect(!report.succeeded)
        #expect(text == (try String(contentsOf: expectedFile, encoding: .utf8)))
        #expect((try String(contentsOf: sentinel, encoding: .utf8)) == "previous build")
        #expect(Fixtures.files(in: output).count == 1, "nothing else may be written")
    }
}
