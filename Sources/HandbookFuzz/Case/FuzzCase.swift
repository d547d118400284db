import Foundation
import HandbookBuild

/// One fuzzer input read as a small site, built in memory, and checked for what must hold
/// whatever the input: no crash, no hang, and diagnostics that point into the input.
///
/// The bytes are split at NUL. The first part is `site.yml` (no site.yml when it is empty); each
/// later part is a file under Content/ whose first line is its path:
///
///     site.yml text \0 roles/a.md \n page text \0 skills/b.md \n page text \0 pic.png \n ...
///
/// One input so drives the config, pages that link to and reference each other, and copied
/// files through parse, resolve and render. Paths are cleaned to what a folder can hold (no
/// empty, `.`, `..` or hidden parts; a path that is taken, or is a file where another needs a
/// folder, drops the later file), so every input is a site that could exist on disk.
package struct FuzzCase: Sendable {
    /// The files of the site, by path under Content/.
    package private(set) var files: [(path: String, data: Data)] = []

    /// Reads an input.
    package init(_ bytes: some Collection<UInt8>) {
        let parts = bytes.split(separator: 0, omittingEmptySubsequences: false)
        var taken = Set<String>()
        var folders = Set<String>()
        for (index, part) in parts.enumerated() {
            let path: String
            let data: Data
            if index == 0 {
                if part.isEmpty { continue }
                (path, data) = ("site.yml", Data(part))
            } else {
                let newline = part.firstIndex(of: 10) ?? part.endIndex
                guard let cleaned = Self.clean(path: part[..<newline]) else { continue }
                path = cleaned
                data = Data(part[newline...].dropFirst())
            }
            let parents = Self.parents(of: path)
            if taken.contains(path) || folders.contains(path) || parents.contains(where: taken.contains) { continue }
            taken.insert(path)
            folders.formUnion(parents)
            files.append((path, data))
        }
    }

    /// The input that makes these files, for turning a fixture site into a seed.
    package static func encode(config: Data?, files: [(path: String, data: Data)]) -> Data {
        var out = config ?? Data()
        for file in files {
            out.append(0)
            out.append(contentsOf: Data(file.path.utf8))
            out.append(10)
            out.append(file.data)
        }
        return out
    }

    /// Builds the site in memory on one thread (the fuzzer's speed; no disk is touched).
    package func build() -> (RenderedSite?, BuildReport) {
        let options = BuildOptions(root: URL(fileURLWithPath: "/nonexistent/handbook-fuzz"), serial: true)
        return SiteBuilder.render(sources: SiteSources(files: files), options: options)
    }

    /// What is wrong with a build of this input beyond the content's own mistakes; empty when
    /// the outcome is sane: every diagnostic names an input file and a line and column inside
    /// it, says something, and blames the content (nothing in memory can fail as an
    /// environment), and a build that renders pages renders a home page.
    package func insanities(site: RenderedSite?, report: BuildReport) -> [String] {
        var found = insanities(in: report.diagnostics)
        if report.succeeded, report.pages > 0, site?.files.contains(where: { $0.path == "index.html" }) != true {
            found.append("the build rendered pages but no index.html")
        }
        return found
    }

    /// What is wrong with these diagnostics about this input; empty when each is sane.
    package func insanities(in diagnostics: [Diagnostic]) -> [String] {
        var found: [String] = []
        let data = Dictionary(uniqueKeysWithValues: files.map { ("Content/\($0.path)", $0.data) })
        // Bounds, not exact positions: YAML also ends lines at NEL, LS and PS and counts columns
        // in characters, cmark counts columns in bytes. Measured once per file.
        var bounds: [String: (lines: Int, longest: Int)] = [:]
        for diagnostic in diagnostics {
            let location = diagnostic.location
            if diagnostic.message.isEmpty || diagnostic.message.contains("Optional(") {
                found.append("\(diagnostic): the message is empty or shows an optional")
            }
            if diagnostic.isEnvironment { found.append("\(diagnostic): an environment error from memory") }
            guard let bytes = data[location.file] else {
                found.append("\(diagnostic): names a file that is not in the input")
                continue
            }
            if bounds[location.file] == nil {
                let lines = Self.lineCount(String(decoding: bytes, as: UTF8.self))
                let longest = bytes.split(omittingEmptySubsequences: false) { $0 == 10 || $0 == 13 }.map(\.count).max() ?? 0
                bounds[location.file] = (lines, longest)
            }
            let (count, longest) = bounds[location.file]!
            if location.line < 1 || location.line > count {
                found.append("\(diagnostic): line \(location.line) is outside the file's \(count) lines")
            } else if location.column < 1 || location.column > longest + 1 {
                found.append("\(diagnostic): column \(location.column) is past the file's longest line")
            }
        }
        return found
    }

    /// Builds and checks; what is wrong, empty when sane.
    package func run() -> (report: BuildReport, insanities: [String]) {
        let (site, report) = build()
        return (report, insanities(site: site, report: report))
    }

    /// Lines of a text where CR, LF, CRLF, NEL, LS and PS each end one (the most any reader counts).
    static func lineCount(_ text: String) -> Int {
        var count = 1
        var afterCR = false
        for scalar in text.unicodeScalars {
            if ["\r", "\n", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar), !(scalar == "\n" && afterCR) { count += 1 }
            afterCR = scalar == "\r"
        }
        return count
    }

    /// The path a directory listing could give for a header line, nil when nothing is left.
    static func clean(path bytes: some Collection<UInt8>) -> String? {
        let parts = String(decoding: bytes, as: UTF8.self).split(separator: "/").filter { !$0.hasPrefix(".") }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    /// `a`, `a/b` for `a/b/c.md`.
    static func parents(of path: String) -> [String] {
        let parts = path.split(separator: "/").dropLast()
        return parts.indices.map { parts[...$0].joined(separator: "/") }
    }
}
