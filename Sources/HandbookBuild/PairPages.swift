import Foundation
import HandbookRender

/// Side-by-side pages for every pair of a collection's entries, and an index of the pairs.
struct PairPages {
    let site: Site
    let theme: Theme
    let markdown: MarkdownStage

    /// How much a word of a pair page's title weighs in search: less than a title match (25),
    /// so "Product Owner" comes before "Product Manager vs Product Owner".
    static let searchTitleWeight = 10

    /// The URL of the side-by-side page of two entries.
    static func url(folder: String, _ a: String, _ b: String) -> String { "\(folder)/compare/\(a)-vs-\(b)/" }

    /// What the pages of one collection's pairs add to the site.
    struct Rendered {
        var files: [OutputFile] = []
        var diagnostics: [Diagnostic] = []
        /// The pages for the search index: generated pages are found like any other.
        var documents: [SearchDocument] = []
        /// The pages for sitemap.xml, each dated by the later of its two entries.
        var sitemap: [SitemapEntry] = []
    }

    /// Renders a collection's pair pages and the page that lists them.
    func render(_ collection: CollectionSpec, nav: (String) -> String) -> Rendered {
        let entries = site.readingOrder.compactMap { site.pages[$0] }.filter { $0.entry?.collection == collection.name }
        let marked = collection.fields.filter(\.compare)
        let aspects =
            marked.isEmpty
            ? collection.fields.filter {
                if case .flow = $0.type { return false }; return true
            } : marked
        var files: [OutputFile] = []
        var diagnostics: [Diagnostic] = []
        var documents: [SearchDocument] = []
        var sitemap: [SitemapEntry] = []
        let indexURL = PairIndex.url(collection)
        let aspectList = Self.list(aspects.map(\.label))
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
                let title = "\(first.title) vs \(second.title)"
                let summary = "\(first.title) and \(second.title) side by side: \(aspectList)."
                var context = baseContext(url: url, title: title, summary: summary, nav: nav(url))
                context["table"] = .string(table)
                context["index"] = [
                    "title": .string("All \(PairIndex.name(collection)) compared"), "url": .string(relativeURL(from: url, to: indexURL)),
                ]
                context["breadcrumbs"] = .array(crumbs(for: url, collection: collection))
                context["hasBreadcrumbs"] = true
                files.append(OutputFile(path: url + "index.html", data: Data(theme.render("pair", context).utf8)))
                // Found by the two names and the aspects, after the entries themselves: not by
                // the table's text, which is each entry's own and found on its page (n² copies
                // of it would swell the index), and with a light title, which repeats theirs.
                documents.append(
                    SearchDocument(
                        title: title, url: url, section: collection.title, summary: summary, headings: [], fieldsHTML: [],
                        bodyHTML: "", titleWeight: Self.searchTitleWeight))
                let dates = [first.id, second.id].compactMap { site.facts[$0]?.updated }
                sitemap.append(SitemapEntry(url: url, updated: dates.max()))
            }
        }
        let indexTitle = PairIndex.title(collection)
        let indexSummary = "Every pair of \(PairIndex.name(collection)) compared side by side: \(Self.list(entries.map(\.title)))."
        var context = baseContext(url: indexURL, title: indexTitle, summary: indexSummary, nav: nav(indexURL))
        context["matrix"] = .array(matrix)
        context["columns"] = .array(entries.map { ["title": .string($0.title)] })
        context["breadcrumbs"] = .array(crumbs(for: indexURL, collection: collection))
        context["hasBreadcrumbs"] = true
        files.append(OutputFile(path: indexURL + "index.html", data: Data(theme.render("pairs", context).utf8)))
        documents.append(
            SearchDocument(
                title: indexTitle, url: indexURL, section: collection.title, summary: indexSummary, headings: [], fieldsHTML: [],
                bodyHTML: "", titleWeight: Self.searchTitleWeight))
        let dates = entries.compactMap { site.facts[$0.id]?.updated }
        sitemap.append(SitemapEntry(url: indexURL, updated: dates.max()))
        return Rendered(files: files, diagnostics: diagnostics, documents: documents, sitemap: sitemap)
    }

    private func baseContext(url: String, title: String, summary: String, nav: String) -> [String: TemplateValue] {
        let root = rootPrefix(for: url)
        var page: [String: TemplateValue] = [
            "title": .string(title), "heading": .string(title), "url": .string(url), "kind": "generated",
            "summary": .string(summary), "description": .string(summary),
        ]
        if let canonical = SiteAddress.canonical(site.config, url) { page["canonical"] = .string(canonical) }
        var context: [String: TemplateValue] = [
            "site": site.config.templateValues, "root": .string(root), "assets": .string(root + "assets/"),
            "homeURL": .string(root + "index.html"), "nav": .string(nav), "page": .object(page),
        ]
        if site.hasDates { context["feedURL"] = .string(root + "feed.xml") }
        return context
    }

    /// "a, b and c"; past `limit` items, "a, b, ... and 40 more", so a description stays short.
    static func list(_ items: [String], limit: Int = 10) -> String {
        if items.count > limit { return items.prefix(limit).joined(separator: ", ") + " and \(items.count - limit) more" }
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    private func crumbs(for url: String, collection: CollectionSpec) -> [TemplateValue] {
        PageContext.breadcrumbs(site.ancestry(of: collection.folder), from: url)
    }
}
