import ImageModel
import ZipArchive

/// The permission rules' one finding per archive: every member whose Unix mode denies the
/// function's user something, the first one's mode in the message.
enum ModeFindings {
    /// - Parameters:
    ///   - denied: whether the entry's mode denies the user (in place, one pass).
    ///   - action: what the user cannot do, for one member (`read`) and for several (`be read`).
    ///   - kind: what the members are, plural (`files`).
    static func finding(
        _ rule: RuleDescription, input: CheckInput, archive: Archive, kind: String,
        action: (one: String, several: String), denied: (EntryInPlace) -> Bool
    ) -> Finding? {
        let members = archive.entries.indices(where: denied)
        guard let index = members.first, let mode = archive.entries[index].unixMode else { return nil }
        let octal = TextFormatting.octalMode(mode)
        return Finding.grouping(
            rule, archive: input.path, members: members.map { archive.entries[$0].name },
            one: "mode \(octal) does not let the function's user \(action.one) it",
            several: { "\($0) \(kind) cannot \(action.several) by the function's user (e.g. this one, mode \(octal))" },
            repairs: { [.chmod("o+rX", paths: topLevelItems(of: $0), recursive: true)] })
    }

    /// The first segment of each member, once, in order (`python`, `bin`).
    static func topLevelItems(of members: [String]) -> [String] {
        var items: [String] = []
        for member in members {
            let item = String(member.prefix { $0 != "/" })
            if !item.isEmpty, !items.contains(item) { items.append(item) }
        }
        return items
    }
}
