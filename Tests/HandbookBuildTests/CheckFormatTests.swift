import Foundation
import Testing

/// Every check's exact diagnostic in each of `handbook check`'s formats: each invalid site of
/// Tests/Fixtures/invalid (`every-warning` holds the checks that only warn) and each committed
/// bad input of Tests/Fixtures/bad-input is checked by the binary as GitHub workflow commands
/// and as JSON, and compared with its `expected.github` and `expected.json`; the invalid sites'
/// text is compared with their `expected.txt`, the same as the build's. Regenerate with
/// `sh scripts/update-golden.sh`.
@Suite struct CheckFormatTests {
    static let cases: [String] =
        InvalidSiteTests.cases.map { "invalid/" + $0 }
        + BadInputTests.cases.filter {
            FileManager.default.fileExists(atPath: BadInputTests.folder.appendingPathComponent("\($0)/Content").path)
                && BadInput.generated[$0] == nil
        }.map { "bad-input/" + $0 }

    @Test(arguments: cases)
    func everyFormatSaysTheSame(_ name: String) throws {
        let root = Fixtures.folder.appendingPathComponent(name)
        for format in name.hasPrefix("invalid/") ? ["text", "github", "json"] : ["github", "json"] {
            let result = try HandbookProcess.start(["check", "--root", root.path, "--format", format]).finish()
            #expect(result.status <= 2, "\(name) \(format): exit \(result.status)")
            let printed = format == "text" ? result.stderr : result.stdout.replacingOccurrences(of: root.path, with: "ROOT")
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
