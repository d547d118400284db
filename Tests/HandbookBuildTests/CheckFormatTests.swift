import Foundation
import Testing

/// Every check's exact diagnostic in each of `handbook check`'s formats: each invalid site of
/// Tests/Fixtures/invalid is checked by the binary as text, as GitHub workflow commands and as
/// JSON, and compared with its `expected.txt` (text, the same as the build's), `expected.github`
/// and `expected.json`. Regenerate with `sh scripts/update-golden.sh`.
@Suite struct CheckFormatTests {
    static let cases: [String] = InvalidSiteTests.cases

    @Test(arguments: cases)
    func everyFormatSaysTheSame(_ name: String) throws {
        let root = Fixtures.invalid.appendingPathComponent(name)
        for format in ["text", "github", "json"] {
            let result = try HandbookProcess.start(["check", "--root", root.path, "--format", format]).finish()
            #expect(result.status == 1 || result.status == 2, "\(name) \(format): exit \(result.status)")
            let printed = format == "text" ? result.stderr : result.stdout
            let file = root.appendingPathComponent(format == "text" ? "expected.txt" : "expected.\(format)")
            if Fixtures.updating {
                if format != "text" { try Data(printed.utf8).write(to: file) }
                continue
            }
            let expected = try String(contentsOf: file, encoding: .utf8)
            #expect(printed == expected, "\(name): `handbook check --format \(format)` differs from \(file.lastPathComponent)")
        }
    }
}
