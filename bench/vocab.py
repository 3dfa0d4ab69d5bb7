"""Word lists the corpus is built from: names, bodies, posts, meeting series, venues, topics.

All of it is invented in the register of Tokyo's municipal-DX meetings; no sentence or name
here is taken from a real record. Municipalities come from the project's registry file.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
MUNICIPALITY_FILES = (
    _ROOT / "data" / "registry" / "municipalities.csv",
    _ROOT.parent / "shared" / "reference" / "tokyo_municipalities.csv",
)

PUBLISHER = "東京都"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


SURNAMES = _words(
    "佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 "
    "山口 松本 井上 木村 林 斎藤 清水 山崎 森 池田 橋本 阿部 石川 山下 "
    "中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 村上 遠藤 青木 坂本 "
    "福田 太田 西村 藤井 金子 岡本 藤原 三浦 原田 中川 松田 竹内 小野 "
    "田村 中山 和田 石田 森田 上田 柴田 酒井 工藤 横山 宮本 内田 高木 "
    "安藤 谷口 大野 丸山 今井 河野 藤本 村田 武田 上野 杉山 増田 小山 "
    "大塚 平野 菅原 久保 松井 千葉 岩崎 桜井 木下 野口 松尾 菊地 野村 "
    "新井 渡部 星野 小沢 久保田 永井 長田 荒木 飯田 大西 関 秋山 須藤 "
    "水野 樋口"
)

GIVEN_NAMES = _words(
    "一郎 健一 誠 浩 大輔 直樹 健太 達也 和也 拓也 翔太 隆 修 剛 聡 学 "
    "淳 亮 勝 茂 博 正樹 雅之 康弘 信行 英明 克也 秀樹 幸一 俊介 賢治 "
    "哲也 光 航 悠 陸 大和 智史 慎吾 裕子 陽子 恵子 直美 由美子 真理子 "
    "智子 美香 久美子 明美 香織 愛 彩 舞 恵 結衣 さくら 里美 千尋 典子 "
    "幸子 和子 奈緒 麻衣 理恵 真由美 京子 晴美"
)

# Printed variant forms (異体字) some holders use; only where the file's encoding has them.
SURNAME_VARIANTS = {
    "高橋": ("髙橋",),
    "渡辺": ("渡邉", "渡邊"),
    "斎藤": ("齋藤", "齊藤"),
    "山崎": ("山﨑",),
    "桜井": ("櫻井",),
    "小沢": ("小澤",),
}


@dataclass(frozen=True)
class Municipality:
    """A Tokyo municipality: its name and kind (特別区, 市, 町, 村)."""

    name: str
    kind: str

    @property
    def self_names(self) -> tuple[str, ...]:
        """How its own officials refer to it in speech (本市, 当区, …)."""
        suffix = {"特別区": "区"}.get(self.kind, self.kind)
        return (f"本{suffix}", f"当{suffix}", self.name)

    @property
    def deputy(self) -> str:
        """The deputy head's post (副区長, 副市長, 副町長, 副村長)."""
        return "副" + {"特別区": "区"}.get(self.kind, self.kind) + "長"

    @property
    def head(self) -> str:
        """The head's post (区長, 市長, 町長, 村長)."""
        return {"特別区": "区"}.get(self.kind, self.kind) + "長"

    @property
    def office(self) -> str:
        """The town hall's name (区役所, 市役所, 町役場, 村役場)."""
        return self.name + ("役場" if self.kind in ("町", "村") else "役所")


def load_municipalities() -> tuple[Municipality, ...]:
    """Read the municipalities from the registry file (or the shared reference table).

    Raises:
        FileNotFoundError: when neither file exists.
    """
    for path in MUNICIPALITY_FILES:
        if path.exists():
            with path.open(encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.DictReader(handle))
            return tuple(
                Municipality(row["name_ja"], row.get("type") or _kind_of(row["name_ja"]))
                for row in rows
                if row.get("name_ja")
            )
    names = ", ".join(str(p) for p in MUNICIPALITY_FILES)
    raise FileNotFoundError(f"no municipality table found (looked for {names})")


def _kind_of(name: str) -> str:
    """Guess a municipality's kind from its last character."""
    return {"区": "特別区"}.get(name[-1], name[-1])


@dataclass(frozen=True)
class Post:
    """A post in a body: the units it sits in (outermost first) and its title.

    As in the reference annotations, the title keeps the name of its own unit
    (``戦略課長``), and the units are the ones above it (``デジタルサービス局``, ``戦略部``).
    """

    org: str
    units: tuple[str, ...]
    title: str

    @property
    def label(self) -> str:
        """The post as printed in a speaker heading (``東京都デジタルサービス局戦略部長``)."""
        return self.org + "".join(self.units) + self.title


def _post(org: str, title: str, *units: str) -> Post:
    return Post(org, units, title)


DS = "デジタルサービス局"
TOKYO_CIO = _post(PUBLISHER, "CIO")
TOKYO_STAFF = (
    _post(PUBLISHER, "デジタルサービス局長"),
    _post(PUBLISHER, "戦略部長", DS),
    _post(PUBLISHER, "区市町村DX支援担当部長", DS),
    _post(PUBLISHER, "デジタル改革推進部長", DS),
    _post(PUBLISHER, "情報システム企画課長", DS, "基盤整備部"),
    _post(PUBLISHER, "デジタル推進課長", DS, "戦略部"),
    _post(PUBLISHER, "戦略課長", DS, "戦略部"),
    _post(PUBLISHER, "区市町村DX協働担当課長", DS, "デジタル改革推進部"),
    _post(PUBLISHER, "データ利活用担当課長", DS, "デジタル改革推進部"),
)
NATIONAL = (
    _post("デジタル庁", "参事官"),
    _post("デジタル庁", "審議官"),
    _post("デジタル庁", "企画官"),
    _post("デジタル庁", "統括官"),
    _post("デジタル庁", "デジタル大臣政務官"),
    _post("総務省", "地域情報化企画室長", "自治行政局"),
    _post("総務省", "住民制度課長", "自治行政局"),
    _post("総務省", "行政経営支援室長", "自治行政局"),
    _post("内閣府", "参事官", "地方創生推進事務局"),
)
OTHERS = (
    _post("GovTech東京", "業務執行理事"),
    _post("GovTech東京", "理事長"),
)
MUNICIPAL_TITLES = ("CIO", "CIO補佐官", "情報政策課長", "DX推進担当部長", "デジタル推進課長")
ASSEMBLY_EXECUTIVES = (
    "企画部長",
    "総務部長",
    "デジタル推進課長",
    "情報政策担当部長",
    "情報システム課長",
    "住民課長",
    "DX推進担当課長",
)
MEMBER_ORIGINS = (
    "大学教授",
    "大学准教授",
    "大学大学院教授",
    "公認会計士",
    "弁護士",
    "NPO法人理事",
    "民間事業者",
    "公募委員",
    "町会連合会",
)
UNIVERSITIES = ("武蔵野台", "多摩中央", "東都", "城南", "関東情報", "湾岸工業")


@dataclass(frozen=True)
class Series:
    """A meeting series: its name (``{m}`` is the host municipality), family and publisher."""

    name: str
    family: str  # summary, transcript, council, assembly
    first_year: int
    months_between: int
    docs: tuple[str, ...]

    @property
    def municipal(self) -> bool:
        """True when a municipality (not 東京都) holds the series."""
        return "{m}" in self.name


SERIES = (
    Series("東京都・区市町村CIOフォーラム", "summary", 2021, 3, ("議事概要", "議事要旨")),
    Series("都・区市町村CIO協議会", "summary", 2023, 3, ("議事要旨", "議事概要")),
    Series("区市町村DX協働推進連絡会", "summary", 2020, 2, ("議事要旨", "会議概要")),
    Series("東京都オープンデータ推進連絡会", "summary", 2017, 4, ("議事概要",)),
    Series("東京都デジタル人材確保・育成検討会", "council", 2020, 2, ("議事要旨", "議事録")),
    Series("デジタルデバイド是正に関する有識者会議", "transcript", 2021, 2, ("議事録",)),
    Series("東京都行政手続デジタル化推進会議", "transcript", 2019, 3, ("議事録", "会議録")),
    Series("{m}DX推進委員会", "transcript", 2018, 3, ("議事録", "会議録")),
    Series("{m}情報化推進審議会", "council", 2016, 4, ("議事要旨", "会議録")),
    Series("{m}議会総務委員会", "assembly", 2016, 2, ("会議録",)),
    Series("{m}議会デジタル化推進特別委員会", "assembly", 2020, 2, ("会議録",)),
    Series("{m}議会定例会", "plenary", 2016, 3, ("会議録",)),
)

VENUES = (
    ("オンライン", True),
    ("オンライン開催", True),
    ("リモート開催(webex)", True),
    ("リモート開催（Webex）", True),
    ("Web会議（Microsoft Teams）", True),
    ("オンライン会議（Zoom）", True),
    ("都庁第一本庁舎42階特別会議室A", False),
    ("都庁第一本庁舎33階特別会議室N6", False),
    ("都庁第二本庁舎31階特別会議室22", False),
    ("東京都庁第一本庁舎7階大会議室", False),
    ("都庁第一本庁舎25階114会議室及びオンライン", True),
)
MUNICIPAL_ROOMS = ("5階第一会議室", "3階大会議室", "4階庁議室", "7階第二会議室")
ASSEMBLY_ROOMS = ("第一委員会室", "第二委員会室", "第三委員会室", "全員協議会室")


@dataclass(frozen=True)
class Topic:
    """A municipal-DX topic: what is talked about, which side of it, and what is done."""

    name: str
    subjects: tuple[str, ...]
    aspects: tuple[str, ...]
    actions: tuple[str, ...]


def _topic(name: str, subjects: str, aspects: str, actions: str) -> Topic:
    return Topic(name, tuple(subjects.split()), tuple(aspects.split()), tuple(actions.split()))


TOPICS = (
    _topic(
        "ガバメントクラウド",
        "ガバメントクラウド ガバメントクラウドへの移行 ガバメントクラウドの利用",
        "移行スケジュール 運用経費 接続回線の確保 移行後の運用体制 費用負担の考え方",
        "移行計画の策定 接続方式の検証 事業者との調整",
    ),
    _topic(
        "標準化",
        "基幹業務システムの標準化 基幹業務システムの統一・標準化 標準準拠システムへの移行",
        "移行期限 標準仕様書への対応 独自施策の扱い 移行経費の補助 ベンダーの確保",
        "Fit&Gap分析 移行計画の見直し 業務フローの見直し",
    ),
    _topic(
        "マイナンバーカード",
        "マイナンバーカード マイナンバーカードの普及 マイナンバーカードの利活用",
        "交付率 出張申請受付 交付体制 健康保険証としての利用 電子証明書の更新",
        "出張申請受付 休日交付窓口の開設 申請サポート",
    ),
    _topic(
        "行政手続のオンライン化",
        "行政手続のオンライン化 電子申請 行政手続のデジタル化",
        "対象手続の拡大 添付書類の削減 手数料のキャッシュレス決済 本人確認の方法 利用率",
        "電子申請システムの導入 手続の棚卸し 様式の見直し",
    ),
    _topic(
        "デジタルデバイド",
        "デジタルデバイド対策 高齢者のデジタルデバイド是正 デジタルデバイドの解消",
        "スマホ教室の開催 相談窓口の設置 支援人材の確保 民間事業者との連携",
        "スマートフォン講習会 出張相談会 地域での支援体制づくり",
    ),
    _topic(
        "生成AI",
        "生成AI 生成AIの業務活用 AIの活用",
        "利用ガイドライン 情報漏えい対策 職員の利用環境 活用事例の共有 導入効果の検証",
        "実証実験 全庁での試行利用 職員向け研修",
    ),
    _topic(
        "オープンデータ",
        "オープンデータ オープンデータの推進 データ利活用",
        "データの標準化 公開データの拡充 民間での利活用 更新作業の負担",
        "カタログサイトの整備 推奨データセットへの対応 データの棚卸し",
    ),
    _topic(
        "テレワーク",
        "テレワーク テレワークの推進 職員のテレワーク",
        "端末の配備 勤務制度 セキュリティの確保 実施率",
        "端末の追加配備 試行実施 規程の改正",
    ),
    _topic(
        "ネットワーク",
        "LGWAN LGWAN接続系 三層分離の見直し",
        "接続系の見直し 通信回線の冗長化 運用コスト 移行方式",
        "ネットワーク構成の見直し 回線の更改",
    ),
    _topic(
        "セキュリティ",
        "情報セキュリティ対策 セキュリティクラウド 情報セキュリティポリシー",
        "インシデント対応 職員研修 ポリシーの改定 外部監査",
        "標的型攻撃メール訓練 ポリシーの改定 脆弱性診断",
    ),
    _topic(
        "人材育成",
        "デジタル人材の育成 DX人材の確保 職員のデジタルスキル向上",
        "研修体系 外部人材の活用 採用 専門人材の共同確保",
        "研修プログラム 外部人材の登用 リスキリング",
    ),
    _topic(
        "キャッシュレス",
        "キャッシュレス決済 窓口のキャッシュレス化",
        "導入コスト 決済手数料の負担 対応する決済手段",
        "決済端末の導入 収納事務の見直し",
    ),
    _topic(
        "窓口DX",
        "書かない窓口 窓口DX 窓口業務のデジタル化",
        "住民の待ち時間 システム連携 職員の負担軽減",
        "書かない窓口の導入 窓口業務の見直し",
    ),
    _topic(
        "共同調達",
        "共同調達 システムの共同利用 ライセンスの一括調達",
        "費用の按分 参加団体の募集 調達スケジュール",
        "共同調達の検討 参加意向調査",
    ),
    _topic(
        "業務自動化",
        "RPA ローコードツール 業務の自動化",
        "対象業務の選定 職員による開発 運用体制",
        "RPAの導入 ローコードツールの試行",
    ),
    _topic(
        "ペーパーレス",
        "ペーパーレス化 電子決裁 文書管理システム",
        "電子決裁率 紙文書の削減 押印の見直し",
        "電子決裁の導入 会議資料のペーパーレス化",
    ),
    _topic(
        "データ活用",
        "EBPM データ連携基盤 庁内データの活用",
        "データの連携 分析人材 個人情報の取扱い",
        "データ連携基盤の構築 分析ツールの導入",
    ),
    _topic(
        "SaaS",
        "SaaSの活用 クラウドサービスの利用 M365の導入",
        "ライセンス費用 利用環境 セキュリティ評価",
        "SaaSの試行導入 利用規程の整備",
    ),
)

LECTURES = (
    "自治体DXの最新動向",
    "デジタル社会の実現に向けた取組",
    "地方公共団体における{t}の現状と課題",
    "{t}の推進について",
    "これからの自治体経営とデジタル",
)
FORUMS = ("ワーキンググループ", "検討部会", "連絡調整会議", "次回以降の会議")
