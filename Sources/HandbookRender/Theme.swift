import Foundation
import HandbookModel

/// A theme ready to render: parsed templates and the asset files to copy.
public struct Theme: Sendable {
    /// Templates by name (`page`, `partials/head`, ...).
    public let library: TemplateLibrary
    /// Template names available.
    public let templateNames: Set<String>
    /// Files under `assets/`, by path inside the theme (`assets/style.css`).
    public let assets: [String: Data]

    /// The default theme's files, as built into the binary from Themes/default.
    public static var defaultFiles: [String: Data] {
        var files: [String: Data] = [:]
        for (path, base64) in embeddedDefaultThemeFiles {
            files[path] = Data(base64Encoded: base64)
        }
        return files
    }

    /// Builds a theme from the default files overlaid, file by file, with a site theme's files.
    /// `shownAs` gives each override's real path for diagnostics
    /// (`Themes/default/templates/page.mustache`); `displayRoot` names the site's theme folder
    /// (`Themes/custom`) for problems of the theme as a whole.
    public static func load(overrides: [String: Data], shownAs: [String: String] = [:], displayRoot: String?) -> (Theme?, [Diagnostic]) {
        var files: [(path: String, data: Data, shown: String)] = []
        var merged = defaultFiles.mapValues { ($0, false) }
        for (path, data) in overrides { merged[path] = (data, true) }
        for (path, value) in merged.sorted(by: { $0.key < $1.key }) {
            let shown = value.1 ? (shownAs[path] ?? "\(displayRoot ?? "Themes/default")/\(path)") : "Themes/default/\(path) (built in)"
            files.append((path, value.0, shown))
        }
        var library = TemplateLibrary()
        var lines: [String: (shown: String, references: [(name: String, line: Int)])] = [:]
        var names = Set<String>()
        var assets: [String: Data] = [:]
        var diagnostics: [Diagnostic] = []
        var broken = Set<String>()
        for file in files {
            if file.path.hasPrefix("templates/"), file.path.hasSuffix(".mustache") {
                let name = String(file.path.dropFirst("templates/".count).dropLast(".mustache".count))
                let text = String(decoding: file.data, as: UTF8.self)
                do throws(Template.ParseError) {
                    let template = try Template(text)
                    library.register(template, named: name)
                    names.insert(name)
                    lines[name] = (file.shown, template.references)
                } catch {
                    broken.insert(name)
                    diagnostics.append(
                        .error(
                            SourceLocation(file: file.shown, line: error.line, column: error.column),
                            "template does not parse: \(error.message)",
                            hint: error.hint ?? "every {{#name}} and {{^name}} needs a matching {{/name}}", check: .theme))
                }
            } else if file.path.hasPrefix("assets/") {
                assets[file.path] = file.data
            }
        }
        for (name, info) in lines.sorted(by: { $0.key < $1.key }) {
            for reference in info.references where !names.contains(reference.name) && !broken.contains(reference.name) {
                diagnostics.append(
                    .error(
                        SourceLocation(file: info.shown, line: reference.line, column: 1),
                        "template '\(name)' uses '\(reference.name)', which is not a template of the theme",
                        hint: Suggestions.hint(known: "templates", Array(names), for: reference.name), check: .theme))
            }
        }
        for required in ["page", "section", "home", "entry", "pair", "pairs", "redirect", "404"]
        where !names.contains(required) && !broken.contains(required) {
            diagnostics.append(
                .error(
                    SourceLocation(file: displayRoot ?? "Themes/default", line: 1, column: 1),
                    "the theme has no template '\(required)'", hint: "add templates/\(required).mustache", check: .theme))
        }
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return (nil, diagnostics) }
        return (Theme(library: library, templateNames: names, assets: assets), diagnostics)
    }

    /// Renders a named template with a context.
    public func render(_ template: String, _ context: [String: TemplateValue]) -> String {
        library.render(template, .object(context)) ?? ""
    }
}
