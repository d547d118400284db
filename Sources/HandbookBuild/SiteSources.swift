import Foundation

/// Everything the build reads from disk, read once by the load step.
struct SiteSources: Sendable {
    /// site.yml's text, if present.
    var config: String?
    /// Markdown files: path under Content/ and text.
    var markdown: [(path: String, text: String)] = []
    /// Other files under Content/, copied as they are: path under Content/.
    var staticFiles: [String] = []
    /// Files of the theme overrides (Themes/default, then Themes/NAME), by path inside the theme.
    var themeOverrides: [String: Data] = [:]
    /// Files that could not be read, as diagnostics.
    var problems: [Diagnostic] = []

    static let configName = "site.yml"

    /// Reads Content/ (and the theme folders) under a root.
    static func load(root: URL) -> SiteSources {
        var sources = SiteSources()
        let content = root.appendingPathComponent("Content")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: content.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            sources.problems.append(
                .error(
                    SourceLocation(file: "Content", line: 1, column: 1), "there is no Content/ folder in \(root.path)",
                    hint: "run handbook in the folder that holds Content/, or pass --root DIR"))
            return sources
        }
        for relative in files(under: content) {
            let url = content.appendingPathComponent(relative)
            if relative == configName {
                sources.config = read(url, shown: "Content/\(relative)", into: &sources.problems)
            } else if relative.hasSuffix(".md") {
                if let text = read(url, shown: "Content/\(relative)", into: &sources.problems) {
                    sources.markdown.append((relative, text))
                }
            } else {
                sources.staticFiles.append(relative)
            }
        }
        return sources
    }

    /// Reads theme override files: Themes/default then Themes/NAME, later ones winning.
    mutating func loadTheme(root: URL, name: String?) {
        for folder in ["default", name].compactMap({ $0 }) {
            let dir = root.appendingPathComponent("Themes").appendingPathComponent(folder)
            for relative in Self.files(under: dir) {
                if let data = try? Data(contentsOf: dir.appendingPathComponent(relative)) {
                    themeOverrides[relative] = data
                }
            }
        }
    }

    private static func read(_ url: URL, shown: String, into problems: inout [Diagnostic]) -> String? {
        guard let data = try? Data(contentsOf: url) else {
            problems.append(.error(SourceLocation(file: shown, line: 1, column: 1), "cannot read the file"))
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            problems.append(
                .error(
                    SourceLocation(file: shown, line: 1, column: 1), "the file is not UTF-8 text",
                    hint: "save it as UTF-8"))
            return nil
        }
        return text
    }

    /// Regular files below a folder, relative, sorted; hidden files and folders skipped.
    static func files(under dir: URL) -> [String] {
        guard
            let walker = FileManager.default.enumerator(
                at: dir, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { return [] }
        let base = dir.standardizedFileURL.path
        var result: [String] = []
        while let url = walker.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            result.append(String(url.standardizedFileURL.path.dropFirst(base.count + 1)))
        }
        return result.sorted()
    }
}
