import HandbookModel

/// Draws a flow (career path) as an inline SVG: one column per step of the longest route,
/// tracks as lanes that meet where they share a step, boxes linked to the steps' pages.
/// An ordered list per track follows it, for screen readers and print.
public struct FlowDiagram {
    let site: Site
    let fromURL: String

    /// Box and spacing sizes in SVG units.
    static let boxWidth = 160, boxHeight = 56, columnGap = 48, rowGap = 28, margin = 8

    /// Creates a diagram renderer for the page at `fromURL`.
    public init(site: Site, fromURL: String) {
        self.site = site
        self.fromURL = fromURL
    }

    /// A step's place: its column and its row (rows between lanes are fractional).
    public struct Position: Equatable, Sendable {
        public var column: Int
        public var row: Double

        /// Creates a position.
        public init(column: Int, row: Double) {
            self.column = column
            self.row = row
        }
    }

    /// Where each step goes: column from the longest chain before it, row from its tracks.
    public struct Layout: Equatable, Sendable {
        public var positions: [EntryRef: Position]
        public var columns: Int
        public var rows: Double
    }

    /// Lays out the graph of some tracks.
    public static func layout(_ tracks: [FlowTrack]) -> Layout {
        let graph = FlowGraph(tracks: tracks)
        let ranks = graph.ranks()
        var lanes: [EntryRef: [Int]] = [:]
        for (index, track) in tracks.enumerated() {
            for step in track.steps where lanes[step.value]?.contains(index) != true {
                lanes[step.value, default: []].append(index)
            }
        }
        var positions: [EntryRef: Position] = [:]
        let columns = (ranks.values.max() ?? 0) + 1
        var maxRow = 0.0
        for column in 0..<columns {
            // Steps of one column sorted by their lanes' mean, then kept at least a row apart.
            let nodes = graph.nodes.filter { ranks[$0] == column }
                .map { node -> (EntryRef, Double) in
                    let lane = lanes[node] ?? [0]
                    return (node, Double(lane.reduce(0, +)) / Double(lane.count))
                }
                .sorted { $0.1 < $1.1 }
            var previous = -1.0
            for (node, wanted) in nodes {
                let row = max(wanted, previous + 1)
                positions[node] = Position(column: column, row: row)
                previous = row
                maxRow = max(maxRow, row)
            }
        }
        return Layout(positions: positions, columns: columns, rows: maxRow + 1)
    }

    /// The diagram and its text alternative.
    public func render(tracks: [FlowTrack], title: String) -> String {
        let layout = Self.layout(tracks)
        let graph = FlowGraph(tracks: tracks)
        let width = Self.margin * 2 + layout.columns * Self.boxWidth + (layout.columns - 1) * Self.columnGap
        let height = Self.margin * 2 + Int((layout.rows * Double(Self.boxHeight + Self.rowGap)).rounded()) - Self.rowGap
        let names = tracks.map(\.name).filter { !$0.isEmpty }
        let ids = graph.nodes.map(\.id).joined(separator: "-")
        let key = String(ids.hashValueStable, radix: 36)
        let description =
            "Steps from left to right"
            + (names.isEmpty ? "" : ", in \(names.count) track\(names.count == 1 ? "" : "s"): \(names.joined(separator: "; "))") + "."
        var out = "<figure class=\"flow\">\n"
        out += "<div class=\"flow-scroll\">\n"
        out +=
            "<svg class=\"flow-diagram\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" aria-labelledby=\"flow-title-\(key) flow-desc-\(key)\">\n"
        out += "<title id=\"flow-title-\(key)\">\(HTML.escape(title))</title>\n"
        out += "<desc id=\"flow-desc-\(key)\">\(HTML.escape(description))</desc>\n"
        out +=
            "<defs><marker id=\"flow-arrow-\(key)\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path class=\"flow-arrowhead\" d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>\n"
        for edge in graph.edges {
            guard let from = layout.positions[edge.from], let to = layout.positions[edge.to] else { continue }
            let x1 = x(from.column) + Self.boxWidth, y1 = y(from.row) + Self.boxHeight / 2
            let x2 = x(to.column) - 2, y2 = y(to.row) + Self.boxHeight / 2
            let mid = (x1 + x2) / 2
            out +=
                "<path class=\"flow-edge\" d=\"M\(x1),\(y1) C\(mid),\(y1) \(mid),\(y2) \(x2),\(y2)\" marker-end=\"url(#flow-arrow-\(key))\"/>\n"
        }
        for node in graph.nodes {
            guard let position = layout.positions[node] else { continue }
            let page = site.page(for: node)
            let label = page?.title ?? node.id
            let bx = x(position.column), by = y(position.row)
            let lines = Self.wrap(label, width: 20, maxLines: 3)
            let lineHeight = 16
            let firstBaseline = by + Self.boxHeight / 2 - (lines.count - 1) * lineHeight / 2 + 5
            let current = page?.url == fromURL
            out +=
                page.map { "<a href=\"\(HTML.escape(relativeURL(from: fromURL, to: $0.url)))\"\(current ? " aria-current=\"page\"" : "")>" }
                ?? "<g>"
            out +=
                "<rect class=\"flow-node\(current ? " flow-current" : "")\" x=\"\(bx)\" y=\"\(by)\" width=\"\(Self.boxWidth)\" height=\"\(Self.boxHeight)\" rx=\"8\"/>"
            out += "<text class=\"flow-label\" x=\"\(bx + Self.boxWidth / 2)\" y=\"\(firstBaseline)\" text-anchor=\"middle\">"
            for (index, line) in lines.enumerated() {
                out += "<tspan x=\"\(bx + Self.boxWidth / 2)\" dy=\"\(index == 0 ? 0 : lineHeight)\">\(HTML.escape(line))</tspan>"
            }
            out += "</text>" + (page == nil ? "</g>" : "</a>") + "\n"
        }
        out += "</svg>\n</div>\n<figcaption>\n"
        for track in tracks {
            if !track.name.isEmpty { out += "<p class=\"flow-track-name\">\(HTML.escape(track.name))</p>\n" }
            out += "<ol class=\"flow-steps\">"
            for step in track.steps {
                if let page = site.page(for: step.value) {
                    out += "<li><a href=\"\(HTML.escape(relativeURL(from: fromURL, to: page.url)))\">\(HTML.escape(page.title))</a></li>"
                } else {
                    out += "<li>\(HTML.escape(step.value.id))</li>"
                }
            }
            out += "</ol>\n"
        }
        out += "</figcaption>\n</figure>"
        return out
    }

    private func x(_ column: Int) -> Int { Self.margin + column * (Self.boxWidth + Self.columnGap) }
    private func y(_ row: Double) -> Int { Self.margin + Int((row * Double(Self.boxHeight + Self.rowGap)).rounded()) }

    /// Splits a label into lines of at most `width` characters, on spaces.
    static func wrap(_ text: String, width: Int, maxLines: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        if lines.count > maxLines {
            lines = Array(lines.prefix(maxLines))
            lines[maxLines - 1] += "…"
        }
        return lines
    }
}

extension String {
    /// FNV-1a: a hash that is the same in every run (Swift's `hashValue` is seeded per process),
    /// so ids derived from it keep builds byte-identical.
    var hashValueStable: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
