import Foundation

/// Turns parsed pages into the site model: sections, reading order, collection entries checked
/// against their schemas, references resolved both ways, and comparisons checked.
public struct SiteResolver {
    /// The site configuration.
    public var config: SiteConfig
    /// Path shown for site.yml in diagnostics.
    public var configFile: String

    /// Creates a resolver.
    public init(config: SiteConfig, configFile: String) {
        self.config = config
        self.configFile = configFile
    }

    /// Resolves pages; `titles` are the body titles (first h1) for pages without `title:`.
    public func resolve(_ parsed: [ParsedPage], bodyTitles: [PageID: String]) -> (Site, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var pages: [PageID: Page] = [:]
        var entries: [EntryRef: PageID] = [:]
        var ids: [String: Set<String>] = [:]

        // Entries first: references need every collection's ids.
        for page in parsed.indices.sorted(by: { parsed[$0].id < parsed[$1].id }).lazy.map({ parsed[$0] }) {
            guard let collection = collection(of: page.id) else { continue }
            let ref = EntryRef(collection: collection.name, id: page.id.stem)
            if let existing = entries[ref] {
                diagnostics.append(
                    .error(
                        SourceLocation(file: page.file, line: 1, column: 1),
                        "duplicate id '\(ref.id)' in collection '\(collection.name)': \(existing.path) has it too",
                        hint: "rename one of the files; an entry's id is its file name", check: .duplicateID))
                continue
            }
            entries[ref] = page.id
            ids[collection.name, default: []].insert(ref.id)
        }
        let validator = FieldValidator(ids: ids)
        var typos = Typos()

        for page in parsed {
            let title = page.frontMatter.title ?? bodyTitles[page.id] ?? Self.readableTitle(for: page.id)
            var entry: EntryRef?
            var schema: [FieldSpec] = config.pageFields
            var unchecked = config.unreadablePageFields
            if let collection = collection(of: page.id) {
                let ref = EntryRef(collection: collection.name, id: page.id.stem)
                if entries[ref] == page.id {
                    entry = ref
                    schema = collection.fields + config.pageFields
                    unchecked.formUnion(collection.unreadableFields)
                }
            }
            let (fields, extra, problems) = checkFields(
                page, schema: schema, unchecked: unchecked, entry: entry, validator: validator, typos: &typos)
            diagnostics += problems
            let kind: PageKind =
                page.id.isSectionIndex ? (page.id.folder.isEmpty ? .home : .section) : (entry != nil ? .entry : .page)
            pages[page.id] = Page(
                id: page.id, file: page.file, kind: kind, url: pageURL(for: page.id), section: page.id.folder,
                title: title, frontMatter: page.frontMatter, entry: entry, fields: fields, extra: extra)
        }

        let sections = buildSections(pages)
        var site = Site(
            config: config, pages: pages, sections: sections, readingOrder: [], entries: entries, backlinks: [:],
            comparisons: [:])
        site.readingOrder = readingOrder(site)
        site.backlinks = backlinks(site)
        diagnostics += emptyPages(parsed, site: site)
        for id in site.readingOrder {
            guard let page = site.pages[id], !page.frontMatter.compare.isEmpty else { continue }
            site.comparisons[id] = page.frontMatter.compare.compactMap {
                resolveComparison($0, site: site, diagnostics: &diagnostics)
            }
        }
        return (site, diagnostics)
    }

    /// The site after plain pages' front matter changed, without resolving every page again:
    /// each changed page is checked again, its section sorted again, and the reading order and
    /// backlinks made again. Returns the site and the changed pages' diagnostics (whatever
    /// resolving reports about a page is located in its file). Nil when a changed page is a
    /// landing page, an entry or in a collection's folder, or has comparisons: their changes
    /// reach further, and the whole site is resolved instead.
    public func update(_ site: Site, changed: [ParsedPage], bodyTitles: [PageID: String]) -> (Site, [Diagnostic])? {
        var site = site
        var ids: [String: Set<String>] = [:]
        for ref in site.entries.keys { ids[ref.collection, default: []].insert(ref.id) }
        let validator = FieldValidator(ids: ids)
        var typos = Typos()
        var diagnostics: [Diagnostic] = []
        var sections = Set<String>()
        for page in changed {
            guard let old = site.pages[page.id], old.kind == .page, collection(of: page.id) == nil,
                old.frontMatter.compare.isEmpty, page.frontMatter.compare.isEmpty
            else { return nil }
            let (fields, extra, problems) = checkFields(
                page, schema: config.pageFields, unchecked: config.unreadablePageFields, entry: nil, validator: validator,
                typos: &typos)
            diagnostics += problems
            site.pages[page.id] = Page(
                id: page.id, file: page.file, kind: .page, url: old.url, section: old.section,
                title: page.frontMatter.title ?? bodyTitles[page.id] ?? Self.readableTitle(for: page.id),
                frontMatter: page.frontMatter, entry: nil, fields: fields, extra: extra)
            sections.insert(old.section)
        }
        for id in sections {
            site.sections[id]!.pages = Self.sorted(site.sections[id]!.pages) { [pages = site.pages] in
                (pages[$0]!.frontMatter.weight, pages[$0]!.title, $0.path)
            }
        }
        diagnostics += emptyPages(changed, site: site)
        site.readingOrder = readingOrder(site)
        site.backlinks = backlinks(site)
        return (site, diagnostics)
    }

    /// The title of a page that has neither `title:` nor a heading: its file name made readable
    /// (`time-off.md` gives "Time off"), or its folder's for a folder's page.
    public static func readableTitle(for id: PageID) -> String {
        guard id.isSectionIndex else { return FieldSpec.label(for: id.stem) }
        return id.folder.isEmpty ? "Home" : FieldSpec.label(for: String(id.folder.split(separator: "/").last ?? ""))
    }

    /// A warning for each page that shows nothing (no body, fields, comparison or children)
    /// while its text sits in front-matter keys that nothing declares (a page written for
    /// another generator's layout): it names them and shows how to declare them.
    private func emptyPages(_ parsed: [ParsedPage], site: Site) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for source in parsed where source.body.allSatisfy(\.isWhitespace) {
            guard let page = site.pages[source.id], page.fields.isEmpty, source.frontMatter.compare.isEmpty else { continue }
            if page.kind == .section || page.kind == .home, let section = site.sections[page.section],
                !section.pages.isEmpty || !section.subsections.isEmpty
            {
                continue
            }
            // A stub with only a title loses nothing; text in keys nothing shows does.
            let keys = source.frontMatter.fields.filter { key, _ in page.extra.contains { $0.key == key.value } }
            guard let first = keys.first else { continue }
            let names = keys.map { "'\($0.key.value)'" }.joined(separator: ", ")
            let folder = source.id.folder
            let name = folder.split(separator: "/").last.map(String.init) ?? "entries"
            let fields = keys.prefix(4).map { key, value in "\(key.value): \(value.sequence != nil ? "list" : "text")" }
            let declaration =
                "`collections: { \(name): { folder: \(folder.isEmpty ? name : folder), fields: { \(fields.joined(separator: ", ")) } } }`"
            diagnostics.append(
                .report(
                    .emptyPage, first.key.location,
                    "page shows nothing: its body is empty and its text is in front-matter keys the site does not declare: \(names)",
                    hint: (folder.isEmpty
                        ? "move such pages into a folder and declare a collection for it" : "declare a collection for its folder")
                        + " in \(configFile), e.g. \(declaration), so its pages show these fields; or move the text into the body"))
        }
        return diagnostics
    }

    /// The collection whose folder holds a page (the deepest one), landing pages excluded.
    public func collection(of id: PageID) -> CollectionSpec? {
        guard !id.isSectionIndex else { return nil }
        return config.collections.filter { id.path.hasPrefix($0.folder + "/") }.max { $0.folder.count < $1.folder.count }
    }

    /// The known key an undeclared front matter key is likely a slip of, by the key and the
    /// schema's field names: the same few keys come back on every page.
    private struct Typos {
        var found: [[String]: String?] = [:]

        mutating func likely(_ key: String, fields: [String]) -> String? {
            let memoKey = [key] + fields
            if let known = found[memoKey] { return known }
            let near = Suggestions.likelyTypo(of: key, in: FrontMatter.knownKeys + fields)
            found[memoKey] = near
            return near
        }
    }

    private func checkFields(
        _ page: ParsedPage, schema: [FieldSpec], unchecked: Set<String>, entry: EntryRef?, validator: FieldValidator,
        typos: inout Typos
    )
        -> ([String: FieldValue], [(key: String, value: YAMLNode)], [Diagnostic])
    {
        var fields: [String: FieldValue] = [:]
        var extra: [(key: String, value: YAMLNode)] = []
        var diagnostics: [Diagnostic] = []
        // Its front matter was reported unreadable: missing fields would only repeat that.
        guard !page.frontMatterIsBroken else { return ([:], [], []) }
        let given = page.frontMatter.fields
        var written = Set<String>()
        for (key, value) in given {
            if let spec = schema.first(where: { $0.name == key.value }) {
                if value.isNull { continue }
                written.insert(spec.name)
                do throws(Diagnostic) {
                    fields[spec.name] = try validator.validate(value, as: spec, path: spec.name)
                } catch {
                    diagnostics.append(error.named(.fieldValue))
                }
            } else if unchecked.contains(key.value) {
                // Its declaration in site.yml is wrong, and was reported there once.
                continue
            } else if let entry {
                let candidates = schema.map(\.name) + FrontMatter.knownKeys
                diagnostics.append(
                    .report(
                        .unknownField, key.location, "unknown field '\(key.value)' for an entry of '\(entry.collection)'",
                        hint: Suggestions.hint(known: "fields", candidates, for: key.value)
                            + "; declare new fields in \(configFile)"))
            } else if let near = typos.likely(key.value, fields: schema.map(\.name)) {
                diagnostics.append(
                    .report(
                        .unknownKey, key.location, "unknown front matter key '\(key.value)'; did you mean '\(near)'?",
                        hint: "fix the spelling, or rename the key if it is meant for templates"))
            } else {
                extra.append((key.value, value))
            }
        }
        let firstLine = SourceLocation(file: page.file, line: 1, column: 1)
        for spec in schema where fields[spec.name] == nil && !written.contains(spec.name) {
            if let fallback = spec.defaultValue {
                if let value = try? validator.validate(fallback, as: spec, path: spec.name) { fields[spec.name] = value }
            } else if spec.required, entry != nil {
                diagnostics.append(
                    .report(
                        .missingField, firstLine, "missing required field '\(spec.name)'",
                        hint: spec.help ?? "add `\(spec.name):` to the front matter"))
            }
        }
        return (fields, extra, diagnostics)
    }

    private func buildSections(_ pages: [PageID: Page]) -> [String: Section] {
        var sections: [String: Section] = [:]
        func ensure(_ folder: String) {
            guard sections[folder] == nil else { return }
            let parent: String? = folder.isEmpty ? nil : (folder.contains("/") ? String(folder[..<folder.lastIndex(of: "/")!]) : "")
            let name = folder.split(separator: "/").last.map(String.init) ?? ""
            sections[folder] = Section(
                id: folder, parent: parent, title: folder.isEmpty ? config.title : FieldSpec.label(for: name), weight: 0,
                index: nil, pages: [], subsections: [])
            if let parent {
                ensure(parent)
                sections[parent]!.subsections.append(folder)
            }
        }
        for page in pages.values {
            ensure(page.section)
            if page.id.isSectionIndex {
                sections[page.section]!.index = page.id
                sections[page.section]!.title = page.title
                sections[page.section]!.weight = page.frontMatter.weight
            } else {
                sections[page.section]!.pages.append(page.id)
            }
        }
        for id in sections.keys {
            sections[id]!.pages = Self.sorted(sections[id]!.pages) { (pages[$0]!.frontMatter.weight, pages[$0]!.title, $0.path) }
            sections[id]!.subsections = Self.sorted(sections[id]!.subsections) { (sections[$0]!.weight, sections[$0]!.title, $0) }
        }
        return sections
    }

    /// Ids in display order; each one's sort key is looked up once, not at every comparison.
    private static func sorted<ID>(_ ids: [ID], _ key: (ID) -> (weight: Int, title: String, path: String)) -> [ID] {
        let keys = ids.map(key)
        return keys.indices.sorted { displayOrder(keys[$0], keys[$1]) }.map { ids[$0] }
    }

    /// The children of a section in display order: pages and subsections interleaved by weight.
    /// Both lists are in that order already (see `buildSections`), so they are merged.
    public static func children(of section: Section, in site: Site) -> [SectionChild] {
        let pages = section.pages, subsections = section.subsections
        func pageKey(_ index: Int) -> (weight: Int, title: String, path: String) {
            let page = site.pages[pages[index]]!
            return (page.frontMatter.weight, page.title, page.id.path)
        }
        func sectionKey(_ index: Int) -> (weight: Int, title: String, path: String) {
            let sub = site.sections[subsections[index]]!
            return (sub.weight, sub.title, sub.id)
        }
        var items: [SectionChild] = []
        items.reserveCapacity(pages.count + subsections.count)
        var page = 0, sub = 0
        while page < pages.count, sub < subsections.count {
            if displayOrder(pageKey(page), sectionKey(sub)) {
                items.append(.page(pages[page]))
                page += 1
            } else {
                items.append(.section(subsections[sub]))
                sub += 1
            }
        }
        items += pages[page...].map(SectionChild.page) + subsections[sub...].map(SectionChild.section)
        return items
    }

    /// Siblings' order: weight, then title in natural order, then path so ties are stable.
    static func displayOrder(_ a: (weight: Int, title: String, path: String), _ b: (weight: Int, title: String, path: String)) -> Bool {
        if a.weight != b.weight { return a.weight < b.weight }
        if a.title != b.title { return naturallyPrecedes(a.title, b.title) }
        return a.path < b.path
    }

    private func readingOrder(_ site: Site) -> [PageID] {
        var order: [PageID] = []
        func walk(_ id: String) {
            guard let section = site.sections[id] else { return }
            if let index = section.index { order.append(index) }
            for child in Self.children(of: section, in: site) {
                switch child {
                case .page(let page): order.append(page)
                case .section(let sub): walk(sub)
                }
            }
        }
        walk("")
        return order
    }

    private func backlinks(_ site: Site) -> [EntryRef: [Backlink]] {
        var result: [EntryRef: [Backlink]] = [:]
        for id in site.readingOrder {
            let page = site.pages[id]!
            let schema = (page.entry.flatMap { config.collection(named: $0.collection)?.fields } ?? []) + config.pageFields
            for spec in schema {
                guard let value = page.fields[spec.name] else { continue }
                var seen = Set<EntryRef>()
                for ref in value.references where seen.insert(ref).inserted && ref != page.entry {
                    result[ref, default: []].append(Backlink(source: id, collection: page.entry?.collection, field: spec.label))
                }
            }
        }
        return result
    }

    private func resolveComparison(_ spec: ComparisonSpec, site: Site, diagnostics: inout [Diagnostic]) -> ResolvedComparison? {
        guard let collection = config.collection(named: spec.collection.value) else {
            diagnostics.append(
                .report(
                    .comparison, spec.collection.location, "comparison names unknown collection '\(spec.collection.value)'",
                    hint: Suggestions.hint(known: "collections", config.collections.map(\.name), for: spec.collection.value)))
            return nil
        }
        let known = site.entries.keys.filter { $0.collection == collection.name }.map(\.id)
        var ok = true
        var entries: [EntryRef] = []
        for entry in spec.entries {
            let ref = EntryRef(collection: collection.name, id: entry.value)
            if site.entries[ref] == nil {
                diagnostics.append(
                    .report(
                        .comparison, entry.location, "comparison names '\(entry.value)', which is not an entry of \(collection.name)",
                        hint: Suggestions.hint(known: "ids", known, for: entry.value)))
                ok = false
            }
            entries.append(ref)
        }
        var aspects: [FieldSpec] = []
        for aspect in spec.aspects {
            if collection.unreadableFields.contains(aspect.value) {
                ok = false
                continue
            }
            guard let field = collection.field(aspect.value) else {
                diagnostics.append(
                    .report(
                        .comparison, aspect.location, "unknown aspect '\(aspect.value)': \(collection.name) have no such field",
                        hint: Suggestions.hint(known: "fields", collection.fields.map(\.name), for: aspect.value)))
                ok = false
                continue
            }
            aspects.append(field)
        }
        guard ok else { return nil }
        if !spec.allowBlanks {
            for (entry, written) in zip(entries, spec.entries) {
                let page = site.page(for: entry)!
                for aspect in aspects where page.fields[aspect.name] == nil {
                    diagnostics.append(
                        .report(
                            .comparison, written.location, "'\(entry.id)' has no value for '\(aspect.name)', which this comparison shows",
                            hint: "add `\(aspect.name):` to \(page.file), or set `allow_blanks: true` on the comparison"))
                    ok = false
                }
            }
        }
        return ok ? ResolvedComparison(caption: spec.caption, collection: collection.name, entries: entries, aspects: aspects) : nil
    }
}

/// One item of a section's listing.
public enum SectionChild: Sendable, Hashable {
    case page(PageID)
    case section(String)
}

extension SiteResolver {
    /// Landing pages for folders that have pages but no `_index.md`, titled after the folder,
    /// so every breadcrumb and sidebar link leads somewhere.
    public static func missingSectionIndexes(for pages: [ParsedPage]) -> [ParsedPage] {
        var folders = Set<String>()
        for page in pages {
            var folder = page.id.folder
            while !folder.isEmpty {
                folders.insert(folder)
                folder = folder.contains("/") ? String(folder[..<folder.lastIndex(of: "/")!]) : ""
            }
            folders.insert("")
        }
        let indexed = Set(pages.filter(\.id.isSectionIndex).map(\.id.folder))
        return folders.subtracting(indexed).sorted().map { folder in
            var frontMatter = FrontMatter()
            let name = folder.split(separator: "/").last.map(String.init) ?? ""
            frontMatter.title = folder.isEmpty ? "Home" : FieldSpec.label(for: name)
            let id = PageID(folder.isEmpty ? "_index.md" : folder + "/_index.md")
            return ParsedPage(id: id, file: "Content/" + id.path, frontMatter: frontMatter, body: "", bodyLineOffset: 0)
        }
    }
}
