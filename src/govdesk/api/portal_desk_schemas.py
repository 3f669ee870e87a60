"""Request and response shapes for the portal desk (门户网站编辑台, ``api.portal_desk``);
conventions as in ``schemas``."""

import datetime

from ninja import Field

from govdesk.api.schemas import ApiSchema, InputSchema, LocalDateTime, UnitRef, UserRef, legend
from govdesk.lib.text import BODY_MAX, NOTE_MAX
from govdesk.portal.models import ArticleState


class CandidateOut(ApiSchema):
    id: int = Field(..., description="信息 ID")
    title: str = Field(..., description="标题")
    unit: UnitRef = Field(..., description="报送单位")
    arrived_at: LocalDateTime | None = Field(
        ..., description="报送时间（单独报送网站的为发送时间）"
    )
    sent_alone: bool = Field(..., description="是否单独报送网站（未报送本级信息科）")

    @staticmethod
    def resolve_sent_alone(obj) -> bool:
        return obj.sent_alone is not None


class NoticeOut(ApiSchema):
    id: int = Field(..., description="通报 ID")
    title: str = Field(..., description="通报标题")
    doc_number: str = Field(..., description="文号")
    issued_at: LocalDateTime = Field(..., description="签发时间")


class MediaOut(ApiSchema):
    id: int = Field(..., description="附件 ID")
    kind: str = Field(..., description="类型：image 图片，video 视频，audio 音频，document 文档")
    original_name: str = Field(..., description="文件名")
    caption: str = Field(..., description="说明")
    alt: str = Field(..., description="替代文字")


class ArticleOut(ApiSchema):
    id: int = Field(..., description="文章 ID")
    title: str = Field(..., description="网站稿标题")
    body: str = Field(..., description="网站稿正文")
    column_id: int = Field(..., description="栏目 ID")
    column: str = Field(..., description="栏目名称")
    item_id: int | None = Field(..., description="来源信息 ID；由月度通报生成的文章为空")
    source_notice_id: int | None = Field(..., description="来源通报 ID；由信息生成的文章为空")
    source_unit: UnitRef = Field(..., description="来源单位")
    state: int = Field(..., description=f"状态：{legend(ArticleState)}")
    state_label: str = Field(..., description="状态名称")
    secrecy_checked_by: UserRef | None = Field(..., description="保密审查人；未审查为空")
    secrecy_checked_at: LocalDateTime | None = Field(..., description="保密审查时间")
    publish_at: LocalDateTime | None = Field(..., description="定时发布时间")
    published_at: LocalDateTime | None = Field(..., description="发布时间")
    correction_note: str = Field(..., description="更正说明")
    corrected_at: LocalDateTime | None = Field(..., description="更正时间")
    withdrawn_at: LocalDateTime | None = Field(..., description="撤稿时间")
    withdraw_reason: str = Field(..., description="撤稿原因")

    @staticmethod
    def resolve_column(obj) -> str:
        return obj.column.name

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()


class ArticleDetailOut(ArticleOut):
    media: list[MediaOut] = Field(
        ..., alias="media_list", description="随文发布的附件（已清除隐藏信息）"
    )
    held_back: list[str] = Field(..., description="无法清除隐藏信息、不随文发布的附件文件名")
    problems: list[str] = Field(..., description="当前不能发布的原因；为空表示可以发布")


class ArticleIn(InputSchema):
    item_id: int | None = Field(None, description="选用的主动公开信息 ID（与 notice_id 二选一）")
    notice_id: int | None = Field(
        None, description="发布到网站的月度信息通报 ID（与 item_id 二选一）"
    )
    column_id: int = Field(..., description="放入的栏目 ID")


class MediaIn(InputSchema):
    id: int = Field(..., description="附件 ID")
    caption: str = Field("", max_length=200, description="说明")
    alt: str = Field("", max_length=200, description="替代文字")


class ArticleEditIn(InputSchema):
    title: str = Field(..., max_length=200, description="标题")
    body: str = Field(..., max_length=BODY_MAX, description="正文")
    column_id: int = Field(..., description="栏目 ID")
    media: list[MediaIn] = Field([], description="附件说明和替代文字")


class PublishIn(InputSchema):
    publish_at: datetime.datetime | None = Field(
        None, description="定时发布时间；为空或已过即立即发布"
    )


class WithdrawIn(InputSchema):
    reason: str = Field(..., max_length=NOTE_MAX, description="撤稿原因")


class CorrectIn(InputSchema):
    title: str = Field(..., max_length=200, description="更正后的标题")
    body: str = Field(..., max_length=BODY_MAX, description="更正后的正文")
    note: str = Field(..., max_length=NOTE_MAX, description="更正说明（在网页上显示）")
    secrecy_confirmed: bool = Field(..., description="更正稿是否已完成保密审查")
