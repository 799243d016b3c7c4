import ImageModel

/// The merged `/opt` of several layers, as `inspect A.zip B.zip` shows it: each top-level
/// import name with the layers that hold it, in the function's order. Lambda extracts the
/// layers in that order into `/opt`, so where two hold the same file the later one's copy
/// is the one on disk.
public struct MergedView: Sendable {
    public struct Name: Sendable, Equatable {
        public let name: String
        package let kind: ImportName.Kind
        /// The search folder (`/opt/python`, `/opt/python/lib/python3.12/site-packages`).
        public let folder: String
        /// The layers that hold it, in order; the last one's files win where they overlap.
        public let layers: [String]
    }

    public let layers: [String]
    public let names: [Name]

    /// The view of the layers, each as its own image (an `InspectReport`'s), in the
    /// function's layer order.
    package init(_ images: [(path: String, image: LayerImage)]) {
        layers = images.map(\.path)
        var order: [String] = []
        var found: [String: (name: String, kind: ImportName.Kind, folder: String, layers: [String])] = [:]
        for (path, image) in images {
            for name in image.importNames {
                let key = name.folder + "\u{0}" + name.name
                if found[key] == nil {
                    order.append(key)
                    found[key] = (name.name, name.kind, name.folder, [])
                }
                if found[key]?.layers.last != path { found[key]?.layers.append(path) }
            }
        }
        names = order.compactMap { key in
            found[key].map { Name(name: $0.name, kind: $0.kind, folder: $0.folder, layers: $0.layers) }
        }.sorted { ($0.folder, $0.name) < ($1.folder, $1.name) }
    }

    /// The names more than one layer holds.
    public var shadowed: [Name] { names.filter { $0.layers.count > 1 } }
}
