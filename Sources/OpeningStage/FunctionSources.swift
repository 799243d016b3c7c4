import ImageModel
import LambdaPlatform
import PythonSource
import ZipArchive

extension FunctionSource {
    /// The function's own `.py` files in `image` (its function package is the source rooted
    /// at `/var/task/`), in entry order; none without a function package.
    static func read(from image: LayerImage) -> [FunctionSource] {
        guard let index = image.functionPackageSource else { return [] }
        let source = image.sources[index]
        let installed = Set(
            image.distributions.filter { $0.source == index }.flatMap { distribution in
                let folder = image.memberPath(distribution.searchFolder + "/", in: index)
                return (distribution.record ?? []).map { folder + $0.path }
            })
        var sources: [FunctionSource] = []
        var bytes: UInt64 = 0
        for entry in source.archive.entries where entry.fileType == .regular && entry.name.utf8HasSuffix(".py") {
            guard sources.count < fileLimit else { break }
            guard !installed.contains(entry.name), let module = moduleName(of: entry.name) else { continue }
            bytes = bytes.addingReportingOverflow(min(entry.uncompressedSize, UInt64(byteLimit))).partialValue
            guard bytes <= UInt64(totalByteLimit) else { break }
            sources.append(
                FunctionSource(
                    path: entry.name, module: module.name, isPackage: module.isPackage,
                    origin: LayerImage.Origin(source: index, index: entry.index)))
        }
        return sources
    }
}
