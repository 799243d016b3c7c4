import PythonPackaging

/// The PyPI project behind a top-level import name, for widely used projects only, so that a
/// package copied without its metadata (D004) can be reinstalled by name. Where one import
/// name comes from several projects (`psycopg2` and `psycopg2-binary`, `cv2` from four
/// builds of OpenCV, `jose`), it is left out: a guess would install the wrong one.
package enum KnownProjects {
    package static func project(importing name: String) -> String? { projects[name] }

    /// The import names the table knows for the project with normalized name `project`.
    package static func importNames(ofProject project: String) -> [String] { namesByProject[project] ?? [] }

    /// Normalized project name → its import names, sorted; made once.
    private static let namesByProject: [String: [String]] = Dictionary(
        grouping: projects.keys, by: { PackageName.normalize(projects[$0] ?? $0) }
    ).mapValues { $0.sorted() }

    private static let projects: [String: String] = [
        "aiohttp": "aiohttp", "aiosignal": "aiosignal", "anyio": "anyio", "async_timeout": "async-timeout",
        "attr": "attrs", "attrs": "attrs", "aws_lambda_powertools": "aws-lambda-powertools",
        "aws_xray_sdk": "aws-xray-sdk", "bs4": "beautifulsoup4", "boto3": "boto3", "botocore": "botocore",
        "certifi": "certifi", "cffi": "cffi", "chardet": "chardet", "charset_normalizer": "charset-normalizer",
        "click": "click", "cryptography": "cryptography", "dateutil": "python-dateutil", "dns": "dnspython",
        "docutils": "docutils", "dotenv": "python-dotenv", "flask": "Flask", "frozenlist": "frozenlist",
        "h11": "h11", "httpcore": "httpcore", "httpx": "httpx", "idna": "idna", "jinja2": "Jinja2",
        "jmespath": "jmespath", "jwt": "PyJWT", "lxml": "lxml", "markupsafe": "MarkupSafe", "mpmath": "mpmath",
        "multidict": "multidict", "nacl": "PyNaCl", "numpy": "numpy", "openai": "openai",
        "opensearchpy": "opensearch-py", "orjson": "orjson", "packaging": "packaging", "pandas": "pandas",
        "PIL": "pillow", "pyarrow": "pyarrow", "pyasn1": "pyasn1", "pydantic": "pydantic",
        "pydantic_core": "pydantic-core", "pymysql": "PyMySQL", "pytz": "pytz", "redis": "redis",
        "regex": "regex", "requests": "requests", "rsa": "rsa", "s3transfer": "s3transfer", "scipy": "scipy",
        "simplejson": "simplejson", "sklearn": "scikit-learn", "sniffio": "sniffio", "sqlalchemy": "SQLAlchemy",
        "stripe": "stripe", "sympy": "sympy", "tenacity": "tenacity", "tqdm": "tqdm", "tzdata": "tzdata",
        "ujson": "ujson", "urllib3": "urllib3", "werkzeug": "Werkzeug", "yaml": "PyYAML", "yarl": "yarl",
    ]
}

extension KnownProjects {
    /// The command that prints which project installed the import name `name`, run where
    /// that import works (the build machine): for a name the table does not know.
    package static func lookupCommand(importing name: String) -> String {
        "python3 -c 'import importlib.metadata as m; print(m.packages_distributions().get(\"\(name)\"))'"
    }

    /// What to install for an import package that no distribution of the layer describes:
    /// what a distribution of the same layer requires of its project (`pydantic-core==2.23.4`
    /// for `pydantic_core`, which pydantic pins), else the known project's name; `nil` when
    /// neither says which project it is.
    package static func requirement(importing name: String, source: Int, image: LayerImage) -> String? {
        let known = project(importing: name)
        let candidates = Set([PackageName.normalize(name)] + (known.map { [PackageName.normalize($0)] } ?? []))
        for distribution in image.distributions where distribution.source == source {
            for requirement in distribution.requirements where candidates.contains(requirement.normalizedName) {
                return requirement.name + requirement.specifier.description
            }
        }
        return known
    }
}
