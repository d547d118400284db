import Foundation
import HandbookBuild
import Testing

/// Paths and helpers shared by the build tests.
enum Fixtures {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let folder = repository.appendingPathComponent("Tests/Fixtures")
    static let site = folder.appendingPathComponent("site")
    static let expected = folder.appendingPathComponent("expected")
    static let invalid = folder.appendingPathComponent("invalid")

    /// The `handbook` executable of this build, beside the running test bundle in the same
    /// products folder (`.build/<triple>/<configuration>/`, whatever the configuration or
    /// scratch path). The test target depends on `handbook`, so building the tests links it.
    static let handbookBinary: URL = {
        #if os(macOS)
            // Xcode's `xctest` tool loads the bundle; Bundle.main is the tool.
            let bundle = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") } ?? Bundle.main
            let products = bundle.bundleURL.deletingLastPathComponent()
        #else
            // On Linux the test bundle is the running executable.
            let products = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]))
                .resolvingSymlinksInPath().deletingLastPathComponent()
        #endif
        return products.appendingPathComponent("handbook")
    }()

    /// Set HANDBOOK_UPDATE_GOLDEN=1 to rewrite golden files instead of comparing.
    static var updating: Bool { ProcessInfo.processInfo.environment["HANDBOOK_UPDATE_GOLDEN"] == "1" }

    /// A fresh empty folder under the system temp folder.
    static func temporaryFolder(_ name: String = #function) throws -> URL {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-tests-\(safe)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Builds a one-page site into `output`, the "previous build" that a failing build must
    /// leave as it is; returns its files.
    static func previousBuild(at output: URL) throws -> [String: Data] {
        let root = try temporaryFolder("previous")
        let content = root.appendingPathComponent("Content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try Data("---\ntitle: Previous build\n---\n\nThe site before.\n".utf8).write(to: content.appendingPathComponent("_index.md"))
        let report = SiteBuilder.build(BuildOptions(root: root, output: output))
        precondition(report.succeeded, "the previous build failed: \(report.diagnostics)")
        return files(in: output)
    }

    /// Every file below a folder, relative path to bytes.
    static func files(in folder: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        let base = folder.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [:] }
        while let url = walker.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            result[String(url.standardizedFileURL.path.dropFirst(base.count + 1))] = try? Data(contentsOf: url)
        }
        return result
    }

    /// Relative href/src targets in the HTML files of a built site that point at no file.
    static func brokenLinks(in output: URL) -> [String] {
        let all = files(in: output)
        var broken: [String] = []
        let pattern = try! NSRegularExpression(pattern: #"(?:href|src)="([^"]*)""#)
        for (path, data) in all where path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self)
            let folder = (path as NSString).deletingLastPathComponent
            for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
                let target = String(html[Range(match.range(at: 1), in: html)!])
                if target.isEmpty || target.hasPrefix("#") || target.contains(":") || target.hasPrefix("//") { continue }
                if target.hasPrefix("/") {
                    broken.append("\(path): \(target) is not relative")
                    continue
                }
                let file = target.split(separator: "#").first.map(String.init) ?? target
                var parts: [Substring] = folder.split(separator: "/")
                var escapes = false
                for part in file.split(separator: "/") {
                    if part == ".." {
                        if parts.isEmpty { escapes = true } else { parts.removeLast() }
                    } else if part != "." {
                        parts.append(part)
                    }
                }
                if escapes || all[parts.joined(separator: "/")] == nil { broken.append("\(path): \(target)") }
            }
        }
        return Array(broken.sorted().prefix(20))
    }
}
