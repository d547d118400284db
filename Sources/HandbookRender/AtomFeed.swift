import HandbookModel

/// feed.xml: an Atom feed (RFC 4287) of the pages that changed most recently.
///
/// Without `base_url`, links are relative, which Atom resolves against the feed's own address,
/// so the feed works wherever the site is served; ids must be absolute, so they are then
/// `urn:uuid:` names made from the site's title and the page's URL. With `base_url`, links and
/// ids are the pages' absolute addresses.
public enum AtomFeed {
    /// How many pages the feed lists.
    public static let limit = 20

    /// The pages the feed lists: those with a date, newest first (then by URL), at most `limit`.
    public static func entries(of site: Site) -> [Page] {
        guard site.hasDates else { return [] }
        let dated = site.pages.values.compactMap { page in site.facts[page.id]?.updated.map { (page, $0) } }
        return dated.sorted { ($1.1, $0.0.url) < ($0.1, $1.0.url) }.prefix(limit).map(\.0)
    }

    /// The feed's text; nil when no page has a date, since a feed of changes needs dates.
    public static func xml(site: Site) -> String? {
        let pages = entries(of: site)
        guard let newest = pages.first.flatMap({ site.facts[$0.id]?.updated }) else { return nil }
        let config = site.config
        let base = config.baseURL
        func link(_ url: String) -> String {
            base.map { SiteAddress.absolute($0, url) } ?? SiteAddress.encodePath(relativeURL(from: "", to: url))
        }
        func id(_ url: String) -> String {
            base.map { SiteAddress.absolute($0, url) } ?? nameBasedID(config.title + "\n" + url)
        }
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        out += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(XML.escape(config.language))\">\n"
        out += "<title>\(XML.escape(config.title))</title>\n"
        if let description = config.description { out += "<subtitle>\(XML.escape(description))</subtitle>\n" }
        out += "<link rel=\"self\" type=\"application/atom+xml\" href=\"\(XML.escape(link("feed.xml")))\"/>\n"
        out += "<link rel=\"alternate\" type=\"text/html\" href=\"\(XML.escape(link("")))\"/>\n"
        out += "<id>\(XML.escape(id("feed.xml")))</id>\n"
        out += "<updated>\(UTCDate.timestamp(newest))</updated>\n"
        out += "<author><name>\(XML.escape(config.title))</name></author>\n"
        out += "<generator version=\"\(HandbookVersion.current)\">handbook</generator>\n"
        for page in pages {
            out += "<entry>\n"
            out += "<title>\(XML.escape(page.title))</title>\n"
            out += "<link rel=\"alternate\" type=\"text/html\" href=\"\(XML.escape(link(page.url)))\"/>\n"
            out += "<id>\(XML.escape(id(page.url)))</id>\n"
            out += "<updated>\(UTCDate.timestamp(site.facts[page.id]?.updated ?? newest))</updated>\n"
            if let summary = page.frontMatter.summary { out += "<summary>\(XML.escape(summary))</summary>\n" }
            out += "</entry>\n"
        }
        out += "</feed>\n"
        return out
    }

    /// A `urn:uuid:` made from a name (RFC 9562 version 8: the bits are the project's own
    /// 128-bit FNV-1a hash), the same for the same name on every build.
    static func nameBasedID(_ name: String) -> String {
        var high: UInt64 = 0xcbf2_9ce4_8422_2325
        var low: UInt64 = 0x6c62_272e_07bb_0142
        for byte in name.utf8 {
            high = (high ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            low = (low ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        // FNV spreads the last bytes poorly: mix each half so near names get far apart ids.
        func mix(_ value: UInt64) -> UInt64 {
            var z = value
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        high = mix(high)
        low = mix(low ^ high)
        // Version 8 in the high nibble of the seventh byte, variant 10 in the ninth.
        high = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_8000
        low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        func hex(_ value: UInt64, _ digits: Int) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: max(0, digits - text.count)) + text
        }
        return "urn:uuid:\(hex(high >> 32, 8))-\(hex((high >> 16) & 0xFFFF, 4))-\(hex(high & 0xFFFF, 4))-"
            + "\(hex(low >> 48, 4))-\(hex(low & 0xFFFF_FFFF_FFFF, 12))"
    }
}
