import HandbookModel

/// The link from a collection's pages to the side-by-side comparisons of its entries.
public enum PairIndex {
    /// The URL of a collection's page of pairs, e.g. `roles/compare/`.
    public static func url(_ collection: CollectionSpec) -> String { "\(collection.folder)/compare/" }

    /// Its title, also the text of the links to it.
    public static func title(_ collection: CollectionSpec) -> String {
        "Compare \(name(collection)) side by side"
    }

    /// The collection's title inside a sentence: "Roles" becomes "roles", but "TPM
    /// specialisations" keeps its capitals.
    public static func name(_ collection: CollectionSpec) -> String {
        let title = collection.title
        guard let first = title.first, title.dropFirst().first?.isUppercase != true else { return title }
        return first.lowercased() + title.dropFirst()
    }
}

extension PageContext {
    /// What a hosted site adds to a page's values: its canonical address, description, date,
    /// owners, edit link, and the link to its collection's comparisons.
    func hostingValues() -> [String: TemplateValue] {
        var values: [String: TemplateValue] = [:]
        let facts = site.facts[page.id] ?? PageFacts()
        if let canonical = SiteAddress.canonical(site.config, page.url) { values["canonical"] = .string(canonical) }
        if let description = description(facts) { values["description"] = .string(description) }
        if let updated = facts.updated {
            let day = UTCDate.day(updated)
            values["updated"] = ["date": .string(day), "datetime": .string(day)]
        }
        if !facts.owners.isEmpty { values["owner"] = .string(facts.owners.joined(separator: ", ")) }
        if let base = site.config.editURL, let path = facts.repositoryPath {
            values["editURL"] = .string(base + SiteAddress.encodePath(path))
        }
        values["hasMeta"] = .bool(values["updated"] != nil || values["owner"] != nil || values["editURL"] != nil)
        if let collection = pairsCollection() {
            values["pairs"] = [
                "title": .string(PairIndex.title(collection)),
                "url": .string(relativeURL(from: page.url, to: PairIndex.url(collection))),
            ]
        }
        return values
    }

    /// `<meta name="description">`: the summary; a landing page the build made up for a folder
    /// without `_index.md` says what the folder holds instead.
    private func description(_ facts: PageFacts) -> String? {
        if let summary = page.frontMatter.summary { return summary }
        guard facts.repositoryPath == nil, let section = site.sections[page.section] else { return nil }
        let titles = SiteResolver.children(of: section, in: site).compactMap { child -> String? in
            switch child {
            case .page(let id): return site.pages[id]?.title
            case .section(let id): return site.sections[id]?.title
            }
        }
        guard !titles.isEmpty else { return nil }
        let shown = titles.prefix(10).joined(separator: ", ")
        return "\(page.title): \(shown)\(titles.count > 10 ? ", and \(titles.count - 10) more" : "")."
    }

    /// The collection whose pairs this page links to: its landing page and its entries do.
    private func pairsCollection() -> CollectionSpec? {
        if let entry = page.entry {
            return site.config.collection(named: entry.collection).flatMap { $0.comparePairs ? $0 : nil }
        }
        guard page.kind == .section else { return nil }
        return site.config.collections.first { $0.comparePairs && $0.folder == page.section }
    }
}
