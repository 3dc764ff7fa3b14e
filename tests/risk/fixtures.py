"""Real lines chosen from the shared evaluation data (copied as fixtures; the data itself stays out of
the repository): WMT23 zh→en news with professional MQM ratings, and WMT21 newstest's human reference."""

from __future__ import annotations

from workbench import segment
from workbench.risk import SegmentView

# WMT23 MQM, news_chinanews.com.280744 seg 1: GPT4-5shot (rater: Major omission of 步步) and ONLINE-B.
SUMMIT = "欧盟峰会为难民政策争论，欧盟官员：接收过程步步瓶颈-中新网"
SUMMIT_OMITTED = "EU summit debates refugee policy, EU official: reception process bottlenecked - China News Network."
SUMMIT_FULL = ("EU Summit Argues Over Refugee Policy, EU Official: Bottlenecks at Every Step of the Reception Process - "
               "China News Network")

# WMT23 MQM: the same source by GPT4-5shot (Ms. Zheng) and NLLB_Greedy (Ms. Liu: Major mistranslation).
ZHENG = ("打算在江北买一套刚需房的郑女士说，保价的房源首先是要同一户型，还得在同一楼栋、同一个单元，买家可以比价的房源寥寥，"
         "因此“门槛”还是蛮高的。")
ZHENG_RIGHT = ("Ms. Zheng, who plans to buy a house in Jiangbei, said that the houses with a guaranteed price must first be "
               "of the same type, and also in the same building and unit. There are very few houses for buyers to compare "
               "prices, so the \"threshold\" is still quite high.")
ZHENG_WRONG = ("Ms. Liu, who is planning to buy a newly needed house in Jiangbei, said that the price of the house is first of "
               "all the same type of house, on the same floor, in the same unit, and the buyer can compare the price of the "
               "house with the price of the house, so the threshold is quite high.")

# WMT23 MQM: GPT4-5shot (Zhao Chunshan) and NLLB_Greedy (Liu Chun-shan: Major mistranslation).
ZHAO = ("国民党官方机构国政基金会资深顾问赵春山昨天晚上接受台湾中央社采访，积极评价宋涛对夏立言所说，只要认同“九二共识”与反台独，"
        "中国欢迎绿营人士到访大陆。")
ZHAO_RIGHT = ("In an interview with Taiwan's Central News Agency last night, Zhao Chunshan, a senior advisor to the KMT's "
              "official organization, the National Policy Foundation, positively evaluated Song Tao's statement to Xia Liyan, "
              "saying that as long as they recognize the \"1992 Consensus\" and oppose Taiwan independence, mainland China "
              "welcomes visits from the Green Camp.")
ZHAO_WRONG = ("Senior adviser of the Nationalist Party's official state policy foundation, Liu Chun-shan, was interviewed by "
              "the Taiwan Central News Agency last night and gave a positive assessment of Liu's comments to Xi, saying that "
              "China welcomes green camp members to visit the mainland as long as they agree with the 9-2 consensus and "
              "oppose Taiwan independence.")

# WMT21 newstest2021, a human reference: nothing should be missing.
HOPKINS = "根据约翰·霍普金斯大学提供的数据，美国报告的确诊总数已经达到417.6万例，至少14.6万人死亡。"
HOPKINS_EN = ("According to data provided by Johns Hopkins University, reported confirmed cases in the U.S. have reached "
              "4.176 million, with at least 146,000 deaths.")


def view(source: str, text: str | None, *, hits=(), alternatives=(), position: int = 1) -> SegmentView:
    return SegmentView(position, source, text, tuple(hits), tuple(segment.tokens(source)), tuple(alternatives))
