import Foundation
import HandbookRender

/// Side-by-side pages for every pair of a collection's entries, and an index of the pairs.
struct PairPages {
    let site: Site
    let theme: Theme
    let markdown: MarkdownStage

    /// The URL of the side-by-side page of two entries.
    static func url(folder: String, _ a: String, _ b: String) -> String { "\(folder)/compare/\(a)-vs-\(b)/" }

    func render(_ collection: CollectionSpec, nav: (String) -> String) -> ([OutputFile], [Diagnostic]) {
        let entries = site.readingOrder.compactMap { site.pages[$0] }.filter { $0.entry?.collection == collection.name }
        let marked = collection.fields.filter(\.compare)
        let aspects =
            marked.isEmpty
            ? collection.fields.filter {
                if case .flow = $0.type { return false }; return true
            } : marked
        var files: [OutputFile] = []
        var diagnostics: [Diagnostic] = []
        let indexURL = "\(collection.folder)/compare/"
        var matrix: [TemplateValue] = []
        for a in entries {
            var cells: [TemplateValue] = []
            for b in entries {
                if a.id == b.id {
                    cells.append(["same": true, "title": .string(a.title)])
                } else {
                    let (first, second) = a.id < b.id ? (a, b) : (b, a)
                    cells.append([
                        "same": false, "title": .string("\(a.title) and \(b.title)"),
                        "url": .string(
                            relativeURL(from: indexURL, to: Self.url(folder: collection.folder, first.entry!.id, second.entry!.id))),
                    ])
                }
            }
            matrix.append(["title": .string(a.title), "url": .string(relativeURL(from: indexURL, to: a.url)), "cells": .array(cells)])
        }
        for (i, a) in entries.enumerated() {
            for b in entries[(i + 1)...] {
                let (first, second) = a.id < b.id ? (a, b) : (b, a)
                let url = Self.url(folder: collection.folder, first.entry!.id, second.entry!.id)
                let fields = FieldRenderer(site: site, fromURL: url) { text, location in
                    markdown.renderText(text, location: location, renderedAt: url, diagnostics: &diagnostics)
                }
                let comparison = ResolvedComparison(
                    caption: "\(first.title) and \(second.title), side by side", collection: collection.name,
                    entries: [first.entry!, second.entry!], aspects: aspects)
                let table = ComparisonRenderer(site: site, fields: fields).render(comparison, headingID: "side-by-side")
                var context = baseContext(url: url, title: "\(first.title) vs \(second.title)", nav: nav(url))
                context["table"] = .string(table)
                context["index"] = [
                    "title": .string("All \(collection.title.lowercased()) compared"), "url": .string(relativeURL(from: url, to: indexURL)),
                ]
                context["breadcrumbs"] = .array(crumbs(for: url, collection: collection))
                context["hasBreadcrumbs"] = true
                files.append(OutputFile(path: url + "index.html", data: Data(theme.render("pair", context).utf8)))
            }
        }
        var context = baseContext(url: indexURL, title: "Compare \(collection.title.lowercased()) side by side", nav: nav(indexURL))
        context["matrix"] = .array(matrix)
        context["columns"] = .array(entries.map { ["title": .string($0.title)] })
        context["breadcrumbs"] = .array(crumbs(for: indexURL, collection: collection))
        context["hasBreadcrumbs"] = true
        files.append(OutputFile(path: indexURL + "index.html", data: Data(theme.render("pairs", context).utf8)))
        return (files, diagnostics)
    }

    private func baseContext(url: String, title: String, nav: String) -> [String: TemplateValue] {
        let root = rootPrefix(for: url)
        return [
            "site": site.config.templateValues, "root": .string(root), "assets": .string(root + "assets/"),
            "homeURL": .string(root + "index.html"), "nav": .string(nav),
            "page": ["title": .string(title), "heading": .string(title), "url": .string(url), "kind": "generated"],
        ]
    }

    private func crumbs(for url: String, collection: CollectionSpec) -> [TemplateValue] {
        PageContext.breadcrumbs(site.ancestry(of: collection.folder), from: url)
    }
}
