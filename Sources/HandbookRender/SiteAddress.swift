import Foundation
import HandbookModel

/// Absolute addresses of pages, for the few places that need them when `base_url` is set:
/// sitemap.xml, the feed and canonical links. Everything else on the site stays relative.
public enum SiteAddress {
    /// `base` (ending in `/`) joined with a site-relative URL such as `roles/tpm/`, each part
    /// percent-encoded as an address must be.
    public static func absolute(_ base: String, _ url: String) -> String {
        base + encodePath(url)
    }

    /// A path with every character an address cannot hold percent-encoded; `/` stays.
    public static func encodePath(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: pathCharacters) ?? path
    }

    /// RFC 3986 unreserved characters, sub-delimiters, `:`, `@` and `/`.
    private static let pathCharacters = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/")

    /// The canonical address of a page, when the site has a `base_url`.
    public static func canonical(_ config: SiteConfig, _ url: String) -> String? {
        config.baseURL.map { absolute($0, url) }
    }
}

/// Escaping for XML text and attribute values (sitemap.xml, feed.xml).
enum XML {
    /// Escapes `&`, `<`, `>` and `"`, and drops characters XML 1.0 cannot hold.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                // Other control characters, surrogates aside (Swift has none), are not XML.
                if scalar.value >= 0x20, scalar.value != 0xFFFE, scalar.value != 0xFFFF { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
