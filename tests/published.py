"""Published December 2016 figures (FY 2016/17) of the sample partnership, per main-sample sheet.

Source: the one-page summaries of seed 001 (public figures; the lines used are copied verbatim in
tests/data/seed_001_lines.json). The grid rows are kept exactly as published (as cell text);
numbers are also given parsed. `samples/build_samples.py`
builds the sample workbooks from this module, and `tests/test_samples_published.py` checks the
workbooks, this module against the seed text, and the computed figures against both.

Last year's monthly actuals are not published; they are DERIVED from the published rolling 12
months: ly[i] = actual[i] - (R12[i] - R12[i-1]), with R12 at March 2016 = the published 2015/16 total
from "History". The Jan-Mar 2016 remainder is split 34/31/35% (integers). Where the published % change
row disagrees with that derivation, the month is listed in PCT_EXCEPTIONS.
"""

from __future__ import annotations

from datetime import date
from itertools import accumulate
from typing import Any

FY = 2016
REPORT_INDEX = 8  # December 2016 (0 = April)
MONTHS = [
    "Apr-16", "May-16", "Jun-16", "Jul-16", "Aug-16", "Sep-16",
    "Oct-16", "Nov-16", "Dec-16", "Jan-17", "Feb-17", "Mar-17",
]  # fmt: skip

# Denominators (Settings sheet). Residents from June 2016 and Households are the integers that
# reproduce every published rate to 2 dp (brute force, see README): 201,979 reproduces all residents
# rates Jun-Dec 2016 of the ten resident-based indicators (201,980 also does, with less margin);
# 198,294 reproduces Apr-May. Households 69,685 would give 13.47 for Sep 2016 (published 13.48):
# 69,671..69,684 reproduce all nine months; 69,677 is the middle. The DV sheet's rates imply
# about 185,915 (185,909..185,922), not the 187,029 its text names.
DENOMINATORS: dict[str, list[tuple[int, date]]] = {
    "Residents": [(198294, date(2015, 6, 30)), (201979, date(2016, 6, 30))],
    "Households": [(69677, date(2015, 6, 30))],
    "Young people 1-19": [(55021, date(2011, 3, 27))],
    "DV residents": [(185915, date(2011, 3, 27))],
}


def _n(text: str) -> float:
    return float(text.replace(",", ""))


def _pct(text: str) -> float:
    """Published % text as a fraction with the published rounding: '+3%' -> 0.03."""
    t = text.strip()
    if t.lower() == "no change":
        return 0.0
    return round(float(t.rstrip("%").replace("+", "")) / 100, 4)


def _row(s: str) -> list[str]:
    return s.split("\t")


# Count indicators with the published rows (text exactly as in the seed, Apr..Dec).
# labels: row labels as published. total_ly: the 2015/16 total from "History".
COUNT: dict[str, dict[str, Any]] = {
    "TNO": dict(
        title="Total Notifiable Offences (TNO's)",
        denominator="Residents",
        total_ly=17428,
        labels=[
            "Month",
            "Year to date",
            "% change from previous year",
            "Rolling 12 month period (for use below)",
            "Per 1,000 Res",
            "Rank (MET / MSG)",
        ],
        actual=_row("1,383\t1,639\t1,532\t1,614\t1,438\t1,425\t1,403\t1,387\t1,386"),
        ytd=_row("1,383\t3,022\t4,554\t6,168\t7,606\t9,031\t10,434\t11,821\t13,207"),
        pct=_row("+3%\t+6%\t+6%\t+5%\t+5%\t+4%\t+3%\t+2%\t+1%"),
        r12=_row("17,469\t17,612\t17,704\t17,734\t17,761\t17,754\t17,791\t17,664\t17,587"),
        rate=_row("88.10\t88.82\t87.65\t87.80\t87.93\t87.90\t88.08\t87.45\t87.07"),
        rank=_row(
            "11of15/ 21of32\t12of15/ 21of32\t12of15/ 21of32\t12of15/ 21of32\t11of15/ 21of32\t12of15/ 21of32\t10of15/ 21of32\t10of15/ 21of32\t10of15/ 21of32"
        ),
        rag="R",
    ),
    "Violence with injury": dict(
        title="MOPAC 7: Violence with injury",
        denominator="Residents",
        total_ly=2134,
        labels=[
            "Month",
            "Year to date",
            "% change from previous year",
            "Rolling 12 month fig",
            "Per 1,000 Res (rolling 12 month)",
            "Rank (MET / MSG)",
        ],
        actual=_row("163\t194\t201\t207\t175\t190\t154\t173\t167"),
        ytd=_row("163\t357\t558\t765\t940\t1,130\t1,284\t1,457\t1,624"),
        pct=_row("-13%\t-4%\t-2%\t+2%\t+1%\t+1%\t-0%\t-2%\t-1%"),
        r12=_row("2,109\t2,120\t2,125\t2,148\t2,142\t2,145\t2,132\t2,110\t2,119"),
        rate=_row("10.64\t10.69\t10.52\t10.63\t10.61\t10.62\t10.56\t10.45\t10.49"),
        rank=_row(
            "13of15/ 28of32\t12of15/ 27of32\t13of15/ 28of32\t13of15/ 28of32\t13of15/ 28of32\t13of15/ 27of32\t13of15/ 27of32\t13of15/ 29of32\t13of15/ 29of32"
        ),
        rag="A",
    ),
    "Robbery": dict(
        title="MOPAC 7: Robbery Overall",
        denominator="Residents",
        total_ly=587,
        labels=[
            "Month",
            "Year to date",
            "% change from previous year",
            "Rolling 12 month fig for use below",
            "Per 1,000 Res",
            "Rank (MET / MSG)",
        ],
        actual=_row("37\t54\t54\t47\t39\t50\t42\t34\t40"),
        ytd=_row("37\t91\t145\t192\t231\t281\t323\t357\t397"),
        pct=_row("-20%\t-8%\t+4%\t+3%\t-0%\t-1%\t-4%\t-6%\t-8%"),
        r12=_row("578\t579\t593\t592\t586\t584\t573\t564\t551"),
        rate=_row("2.91\t2.92\t2.94\t2.93\t2.90\t2.89\t2.84\t2.79\t2.73"),
        rank=_row(
            "14of15/ 22of32\t14of15/ 22of32\t14of15/ 22of32\t14of15/ 22of32\t14of15/ 21of32\t14of15/ 20of32\t14of15/ 19of32\t14of15/ 19of32\t14of15/ 19of32"
        ),
        rag="G",
    ),
    "Personal robbery": dict(
        title="MOPAC 7: Personal Robbery",
        denominator="Residents",
        total_ly=533,
        labels=[
            "Month",
            "Year to date",
            "% change from previous year",
            "Rolling 12 month fig for use below",
            "Per 1,000 Res",
            "Rank (MET / MSG)",
        ],
        actual=_row("36\t51\t51\t48\t34\t46\t37\t25\t36"),
        ytd=_row("36\t87\t138\t186\t220\t266\t303\t328\t364"),
        pct=_row("-5%\tNo change\t+10%\t+11%\t+5%\t+2%\t-2%\t-5%\t-8%"),
        r12=_row("531\t533\t546\t552\t544\t539\t528\t514\t502"),
        rate=_row("2.68\t2.69\t2.70\t2.73\t2.69\t2.67\t2.61\t2.54\t2.49"),
        rank=_row(
            "14of15/ 22of32\t14of15/ 22of32\t14of15/ 22of32\t14of15/ 22of32\t14of15/ 21of32\t14of15/ 20of32\t14of15/ 19of32\t14of15/ 19of32\t14of15/ 19of32"
        ),
        rag="G",
    ),
    "Burglary": dict(
        title="MOPAC 7: Burglary overall",
        denominator="Residents",  # 1,514 / 198,294 x 1,000 = 7.64: residents, not households
        total_ly=1533,
        labels=[
            "Month",
            "Year to date",
            "% change from previous year",
            "Rolling 12 month fig for use below",
            "Rate Per 1,000",
            "Rank (MET / MSG)",
        ],
        actual=_row("88\t121\t109\t88\t85\t93\t97\t101\t118"),
        ytd=_row("88\t209\t318\t406\t491\t584\t681\t782\t900"),
        pct=_row("-18%\tNo change\t+5%\t-6%\t-15%\t-17%\t-19%\t-21%\t-21%"),
        r12=_row("1,514\t1,533\t1,548\t1,505\t1,445\t1,411\t1,370\t1,324\t1,291"),
        rate=_row("7.64\t7.73\t7.66\t7.45\t7.15\t6.99\t6.78\t6.56\t6.39"),
        rank=_row(
            "4of15/ 15of32\t4of15/ 16of32\t4of15/ 16of32\t3of15/ 14of32\t3of15/ 10of32\t3of15/ 10of32\t3of15/ 8of32\t3of15/ 6of32\t3of15/ 5of32"
        ),
        rag="G",
    ),
    "Residential burglary": dict(
        title="MOPAC 7: Residential Burglary",
        denominator="Households",
        total_ly=1045,
        labels=[
            "Month",
            "Year to date",
            "% change from last year",
            "Rolling 12 month fig",
            "Per 1,000 HH",
            "Rank (MET / MSG)",
        ],
        actual=_row("47\t79\t62\t55\t53\t47\t59\t76\t98"),
        ytd=_row("47\t126\t188\t243\t296\t343\t402\t478\t576"),
        pct=_row("-28%\tNo change\t-3%\t-14%\t-20%\t-24%\t-27%\t-28%\t-27%"),
        r12=_row("1,027\t1,045\t1,039\t1,005\t969\t939\t894\t859\t838"),
        rate=_row("14.74\t15.00\t14.91\t14.42\t13.91\t13.48\t12.83\t12.33\t12.03"),
        rank=_row(
            "10of15/ 24of32\t10of15/ 26of32\t11of15/ 25of32\t9of15/ 21of32\t8of15/ 20of32\t7of15/ 20of32\t6of15/ 18of32\t6of15/ 13of32\t6of15/ 12of32"
        ),
        rag="G",
    ),
    "Criminal damage": dict(
        title="MOPAC 7: Criminal Damage",
        denominator="Residents",
        total_ly=1791,
        labels=[
            "Month",
            "Year to date",
            "% change from previous year",
            "Rolling 12-month fig for use below",
            "Per 1,000",
            "Rank (MET / MSG)",
        ],
        actual=_row("125\t203\t141\t165\t152\t126\t141\t139\t127"),
        ytd=_row("125\t328\t469\t634\t786\t912\t1,053\t1,192\t1,319"),
        pct=_row("-5%\t+6%\t+9%\t+7%\t+9%\t+7%\t+9%\t+6%\t+1%"),
        r12=_row("1,784\t1,809\t1,828\t1,831\t1,853\t1,851\t1,878\t1,855\t1,805"),
        rate=_row("9.00\t9.12\t9.05\t9.07\t9.17\t9.16\t9.30\t9.18\t8.94"),
        rank=_row(
            "8of15/ 32of32\t8of15/ 32of32\t8of15/ 32of32\t8of15/ 32of32\t8of15/ 32of32\t8of15/ 32of32\t8of15/ 32of32\t9of15/ 32of32\t8of15/ 32of32"
        ),
        rank_after="7of15/ 32of32",  # published in Jan-17, a month not yet reported
        rag="R",
    ),
    "Theft from person": dict(
        title="MOPAC 7: Theft from the person",
        denominator="Residents",
        total_ly=320,
        labels=[
            "Month",
            "Year to date",
            "% change from previous year",
            "Rolling 12-month fig for use below",
            "Per 1,000",
            "Rank (MET / MSG)",
        ],
        actual=_row("38\t30\t24\t31\t21\t19\t32\t22\t32"),
        ytd=_row("38\t68\t92\t123\t144\t163\t195\t217\t249"),
        pct=_row("+36%\t+42%\t+35%\t+38%\t+29%\t+26%\t+34%\t+20%\t+15%"),
        r12=_row("330\t340\t344\t354\t352\t354\t368\t355\t351"),
        rate=_row("1.66\t1.71\t1.70\t1.75\t1.74\t1.75\t1.82\t1.76\t1.74"),
        rank=_row(
            "13of15/ 12of32\t12of15/ 13of32\t12of15/ 12of32\t13of15/ 13of32\t13of15/ 12of32\t13of15/ 12of32\t13of15/ 13of32\t12of15/ 12of32\t13of15/ 12of32"
        ),
        rag="R",
    ),
    "Theft from MV": dict(
        title="MOPAC 7: Theft from a Motor Vehicle",
        denominator="Residents",
        total_ly=981,
        labels=[
            "Month",
            "Year to date",
            "% change from last year",
            "Rolling 12-month fig for use below",
            "Rate Per 1,000 residents",
            "Rank (MET / MSG)",
        ],
        actual=_row("91\t80\t88\t103\t85\t80\t87\t97\t78"),
        ytd=_row("91\t171\t259\t362\t447\t527\t614\t711\t789"),
        pct=_row("+30%\t+14%\t+14%\t+15%\t+14%\t+8%\t+9%\t+11%\t+9%"),
        r12=_row("1,002\t1,002\t1,013\t1,028\t1,037\t1,022\t1,034\t1,050\t1,045"),
        rate=_row("5.05\t5.05\t5.02\t5.09\t5.13\t5.06\t5.12\t5.20\t5.17"),
        rank=_row(
            "4of15/ 10of32\t5of15/ 10of32\t4of15/ 10of32\t4of15/ 11of32\t4of15/ 11of32\t4of15/ 11of32\t4of15/ 10of32\t6of15/ 11of32\t4of15/ 12of32"
        ),
        rag="R",
    ),
    "Theft of MV": dict(
        title="MOPAC 7: Theft of Motor Vehicle",
        denominator="Residents",
        total_ly=774,
        labels=[
            "Month",
            "Year to date",
            "% change from last year",
            "Rolling 12 month total",
            "Per 1,000 Res",
            "Rank (MET / MSG)",
        ],
        actual=_row("79\t78\t74\t84\t64\t81\t77\t90\t74"),
        ytd=_row("79\t157\t231\t315\t379\t460\t537\t627\t701"),
        pct=_row("+23%\t+40%\t+34%\t+28%\t+20%\t+28%\t+31%\t31%\t+27%"),
        r12=_row("789\t819\t833\t843\t836\t875\t892\t915\t916"),
        rate=_row("3.98\t4.13\t4.12\t4.17\t4.14\t4.33\t4.42\t4.53\t4.54"),
        rank=_row(
            "15of15/ 30of32\t15of15/ 30of32\t15of15/ 30of32\t15of15/ 30of32\t15of15/ 30of32\t15of15/ 30of32\t15of15/ 30of32\t15of15/ 30of32\t15of15/ 30of32"
        ),
        rank_after="15of15/ 30of32",
        rag="R",
    ),
    "Sexual offences": dict(
        title="The number of Sexual offences Including Rape",
        denominator="Residents",
        total_ly=411,
        labels=[
            "Month",
            "YTD",
            "% change since last year",
            "Rolling 12 months (for use below)",
            "Rate Per 1,000 Population",
            "Ranking MET / MSG",
        ],
        actual=_row("37\t45\t44\t31\t34\t36\t39\t39\t45"),
        ytd=_row("37\t82\t126\t157\t191\t227\t266\t305\t350"),
        pct=_row("+42%\t+46%\t+40%\t+21%\t+22%\t+23%\t+23%\t+15%\t+15%"),
        r12=_row("422\t437\t447\t438\t445\t453\t460\t450\t456"),
        rate=_row("2.13\t2.20\t2.21\t2.17\t2.20\t2.24\t2.28\t2.23\t2.26"),
        rank=_row(
            "21of32/ 10of15\t25of32/ 12of15\t24of32/ 12of15\t21of32/ 12of15\t22of32/ 12of15\t24of32/ 12of15\t23of32/ 12of15\t22of32/ 12of15\t23of32/ 13of15"
        ),
        rag="None",
    ),
    "Domestic violence": dict(
        title="Domestic Violence",
        denominator="DV residents",
        total_ly=2597,
        labels=[
            "Month",
            "Year to date",
            None,
            "Rolling 12 months (for use below)",
            "Rate per 1,000",
            "Rank (MET Police)",
        ],
        actual=_row("170\t222\t196\t221\t229\t195\t196\t203\t186"),
        ytd=_row("170\t392\t588\t809\t1038\t1233\t1429\t1632\t1818"),
        pct=None,
        r12=_row("2,565\t2,550\t2,533\t2,483\t2,469\t2,433\t2,435\t2,446\t2,407"),
        rate=_row("13.80\t13.72\t13.62\t13.36\t13.28\t13.09\t13.10\t13.16\t12.95"),
        rank=_row(
            "32 of 32\t32 of 32\t32 of 32\t32 of 32\t32 of 32\t32 of 32\t32 of 32\t32 of 32\t32 of 32"
        ),
        rag="None",
    ),
    "SYV": dict(
        title="Serious Youth Violence (Barking & Dagenham)",
        denominator=None,  # the text names 55,021 young people 1-19 but the grid has no rate row
        total_ly=248,
        labels=["Month", "Year to Date", None, "Rolling 12 months (For use below)", None, None],
        actual=_row("19\t31\t16\t24\t16\t26\t12\t19\t14"),
        ytd=_row("19\t50\t66\t90\t106\t132\t144\t163\t177"),
        pct=None,
        r12=_row("240\t255\t261\t268\t267\t264\t254\t251\t251"),
        rate=None,
        rank=None,
        r12_change_label="% Change compared to previous year (Based on R12 figures)",
        r12_change=_row("24.3%\t27.5%\t33.8%\t35.3%\t33.5%\t22.2%\t12.8%\t9.6%\t9.6%"),
        rag="R",
    ),
}

for _d in COUNT.values():
    for _k in ("actual", "ytd", "r12"):
        _d[_k + "_n"] = [_n(t) for t in _d[_k]]
    _d["rate_n"] = [_n(t) for t in _d["rate"]] if _d["rate"] else None
    _d["pct_n"] = [_pct(t) for t in _d["pct"]] if _d["pct"] else None

COUNT_WITH_RATE = [k for k, d in COUNT.items() if d["rate"]]
COUNT_WITH_PCT = [k for k, d in COUNT.items() if d["pct"]]


def derive_last_year(name: str) -> list[int]:
    """2015/16 monthly actuals that reproduce the published R12 (Apr-Dec) and History total."""
    d = COUNT[name]
    act = [int(v) for v in d["actual_n"]]
    r12 = [int(v) for v in d["r12_n"]]
    prev = [d["total_ly"]] + r12[:-1]
    ly = [act[i] - (r12[i] - prev[i]) for i in range(9)]
    rem = d["total_ly"] - sum(ly)
    jan, feb = round(rem * 0.34), round(rem * 0.31)
    return ly + [jan, feb, rem - jan - feb]


LAST_YEAR: dict[str, list[int]] = {k: derive_last_year(k) for k in COUNT}
YTD_LAST_YEAR: dict[str, list[int]] = {k: list(accumulate(v))[:9] for k, v in LAST_YEAR.items()}

# Months (0 = April) where the published "% change" row disagrees with the change computed from the
# R12-derived last year (both rounded to whole percent). Grid and text were refreshed at different
# times; these are genuine inconsistencies of the published report, kept in the main sample.
# value: (published text, R12-consistent fraction rounded to 2 dp)
PCT_EXCEPTIONS: dict[tuple[str, int], tuple[str, float]] = {
    ("TNO", 6): ("+3%", 0.04),  # 10,434 / 10,071 - 1 = +3.6%
    ("Residential burglary", 8): ("-27%", -0.26),  # 576 / 783 - 1 = -26.4% (text uses 784)
    ("Theft from person", 6): ("+34%", 0.33),  # 195 / 147 - 1 = +32.7%
    ("Theft from person", 7): ("+20%", 0.19),  # 217 / 182 - 1 = +19.2%
    ("Theft from person", 8): ("+15%", 0.14),  # 249 / 218 - 1 = +14.2% (text uses 217)
    ("Theft of MV", 6): ("+31%", 0.28),  # 537 / 419 - 1 = +28.2%
    ("Theft of MV", 7): ("31%", 0.29),  # 627 / 486 - 1 = +29.0% (and no "+" sign)
    ("Theft of MV", 8): ("+27%", 0.25),  # 701 / 559 - 1 = +25.4% (text uses 551)
}

# Percentage indicators as PUBLISHED (the main sample corrects the marked cells, see README).
PERCENT: dict[str, dict[str, Any]] = {
    "ATR": dict(
        title="The % of offenders who complete an Alcohol Treatment Requirement (ATR) successfully",
        target="24 individuals, 70% success rate",
        labels=[
            "Terminations month",
            "Successful terminations",
            "Total terminations YTD",
            "Total successful terminations YTD",
            "% Successful (YTD)",
        ],
        denominator=[4, 3, 2, 3, 5, 1, 6, 3, 3],
        numerator=[3, 0, 1, 9, 1, 1, 2, 2, 2],  # July: 9 successes of 3 terminations
        ytd_denominator=[4, 7, 9, 12, 17, 18, 24, 27, 30],
        ytd_numerator=[3, 3, 4, 13, 14, 15, 17, 19, 21],
        pct=_row("75%\t43%\t44.4%\t92.3%\t82.3%\t83.3%\t71%\t70.3%\t70%"),  # July = 12/13 inverted
        rag="G",
    ),
    "DRR": dict(
        title="The % of offenders who successfully complete a Drug Rehabilitation Requirement (DRR)",
        target="24 individuals (Barking and Dagenham only)",
        labels=[
            "Terminations (month)",
            "Successful terminations",
            "Terminations YTD",
            "Successful terminations YTD",
            "% Successful (YTD)",
        ],
        denominator=[2, 5, 3, 4, 6, 5, 3, 4, 4],
        numerator=[3, 1, 1, 0, 3, 2, 1, 2, 1],  # April: 3 successes of 2 terminations
        ytd_denominator=[2, 7, 10, 14, 20, 25, 28, 32, 36],
        ytd_numerator=[3, 4, 5, 5, 8, 10, 11, 13, 14],
        pct=_row("67%\t57%\t50%\t36%\t40%\t40%\t39.2%\t41%\t39%"),  # April = 2/3 inverted
        rag="R",
    ),
}

# Corrected numerators used in the main sample: July (ATR) and April (DRR) set so successes <=
# terminations, with the moved successes put where terminations allow, keeping the December YTDs
# (ATR 21 of 30 = 70%; DRR 14 of 36 = 39%) and the published YTD % from October (ATR) / July (DRR).
MAIN_NUMERATOR = {
    "ATR": [3, 0, 1, 3, 5, 1, 4, 2, 2],
    "DRR": [2, 1, 1, 1, 3, 2, 1, 2, 1],
}

# Fire service (counts with a cumulative target row). Arson as published: the YTD row runs one
# above the monthly sum from July (26 in July; 19+24+12+26 = 81, YTD says 82); the main sample uses
# July = 27 so that the YTD row and the narrative's "YTD at December is 165" hold.
FIRE: dict[str, dict[str, Any]] = {
    "Arson": dict(
        title="Fire Service: Arson Incidents (all deliberate fires)",
        target="No more than 169",
        total_ly=219,
        actual=[19, 24, 12, 26, 22, 26, 11, 13, 11],
        main_actual=[19, 24, 12, 27, 22, 26, 11, 13, 11],
        ytd=[19, 43, 55, 82, 104, 130, 141, 154, 165],
        target_row=[14, 28, 42, 56, 70, 85, 99, 113, 127, 141, 155, 169],
        # invented 2015/16 months: Apr-Dec sum 165, total 219, so R12 Dec 2016 = 219 as narrated
        last_year=[17, 20, 15, 22, 21, 23, 16, 16, 15, 18, 17, 19],
        rag="R",
    ),
    "Outdoor rubbish fires": dict(
        title="Fire Service: Outdoor Rubbish Fires",
        target="No more than 257",
        total_ly=211,
        actual=[26, 20, 11, 13, 25, 11, 13, 12, 13],
        main_actual=[26, 20, 11, 13, 25, 11, 13, 12, 13],
        ytd=[26, 46, 57, 70, 95, 106, 119, 131, 144],
        target_row=[21, 43, 64, 86, 107, 129, 150, 171, 193, 214, 236, 257],
        # invented 2015/16 months: Apr-Dec sum 183, total 211, so R12 Dec 2016 = 172 as narrated
        last_year=[27, 24, 19, 22, 25, 20, 17, 15, 14, 9, 8, 11],
        rag="G",
    ),
}

# MARAC repeat referrals: the repeats are published; the all-referrals row is INVENTED (not
# published), chosen so YTD = 70 / 275 = 25.5% ("works out as 25%" in the text; Amber as published).
MARAC = dict(
    repeats=[8, 6, 8, 9, 7, 8, 5, 8, 11],
    ytd=[8, 14, 22, 31, 38, 46, 51, 59, 70],
    referrals=[33, 27, 31, 34, 29, 30, 26, 31, 34],  # invented
    rag="A",
)

# RAG by the SPEC section 5 default rule (10% tolerance) on the main sample, and as published.
EXPECTED_RAG = {
    "TNO": "A",  # 13,207 vs 13,048 last year: 1.2% worse
    "Violence with injury": "G",  # 1,624 vs 1,639
    "Robbery": "G",  # 397 vs 433 x 0.95 = 411.35
    "Personal robbery": "G",  # 364 vs 395 x 0.95
    "Burglary": "G",
    "Residential burglary": "G",
    "Criminal damage": "A",  # 1,319 vs 1,305: 1.1% worse
    "Theft from person": "R",  # 249 vs 218: 14% worse
    "Theft from MV": "A",  # 789 vs 725: 8.8% worse
    "Theft of MV": "R",  # 701 vs 559 x 0.95
    "Sexual offences": "None",
    "Domestic violence": "None",
    "SYV": "A",  # 177 vs 174: 1.7% worse
    "ATR": "G",  # 21/30 = 70% vs 70%
    "DRR": "R",  # 14/36 = 38.9% vs 54%
    "MARAC repeats": "A",  # 25.5% vs 28-40%, within 10% of 28%
    "Arson": "R",  # 165 vs 126.75 (169 x 9/12)
    "Outdoor rubbish fires": "G",  # 144 vs 192.75
    "IDAP": "None",
}
PUBLISHED_RAG = {k: v["rag"] for k, v in {**COUNT, **PERCENT, **FIRE}.items()}
PUBLISHED_RAG.update({"MARAC repeats": "A", "IDAP": "G"})

# Numbers quoted in the published Performance Overview, with what the grid (and the R12-derived
# last year) gives. agree=False marks a narrative number that matches no grid-derived figure.
# kind: ytd, ytd_ly (same period last year), diff, r12 (Jan-Dec 2016).
NARRATIVE: list[dict[str, Any]] = [
    dict(sheet="TNO", kind="ytd", quoted=13207, grid=13207, agree=True),
    dict(sheet="TNO", kind="ytd_ly", quoted=13075, grid=13048, agree=False),
    dict(sheet="TNO", kind="diff", quoted=132, grid=159, agree=False),
    dict(sheet="TNO", kind="r12", quoted=17651, grid=17587, agree=False),
    dict(sheet="Violence with injury", kind="ytd", quoted=1624, grid=1624, agree=True),
    dict(sheet="Violence with injury", kind="ytd_ly", quoted=1638, grid=1639, agree=False),
    dict(sheet="Violence with injury", kind="diff", quoted=-14, grid=-15, agree=False),
    dict(sheet="Violence with injury", kind="r12", quoted=2119, grid=2119, agree=True),
    dict(sheet="Robbery", kind="ytd", quoted=397, grid=397, agree=True),
    dict(sheet="Robbery", kind="ytd_ly", quoted=433, grid=433, agree=True),
    dict(sheet="Robbery", kind="diff", quoted=-36, grid=-36, agree=True),
    dict(sheet="Robbery", kind="r12", quoted=552, grid=551, agree=False),
    dict(sheet="Burglary", kind="ytd", quoted=900, grid=900, agree=True),
    dict(sheet="Burglary", kind="ytd_ly", quoted=1143, grid=1142, agree=False),
    dict(sheet="Burglary", kind="diff", quoted=-243, grid=-242, agree=False),
    dict(sheet="Burglary", kind="r12", quoted=1294, grid=1291, agree=False),
    dict(sheet="Residential burglary", kind="ytd", quoted=576, grid=576, agree=True),
    dict(sheet="Residential burglary", kind="ytd_ly", quoted=784, grid=783, agree=False),
    dict(sheet="Residential burglary", kind="diff", quoted=-208, grid=-207, agree=False),
    dict(sheet="Residential burglary", kind="r12", quoted=840, grid=838, agree=False),
    dict(sheet="Criminal damage", kind="ytd", quoted=1192, grid=1319, agree=False),  # Nov YTD
    dict(sheet="Criminal damage", kind="ytd_ly", quoted=1128, grid=1305, agree=False),  # Nov 2015
    dict(sheet="Criminal damage", kind="diff", quoted=14, grid=14, agree=True),
    dict(sheet="Criminal damage", kind="r12", quoted=1962, grid=1855, agree=False),  # "to Nov"
    dict(sheet="Theft from person", kind="ytd", quoted=249, grid=249, agree=True),
    dict(sheet="Theft from person", kind="ytd_ly", quoted=217, grid=218, agree=False),
    dict(sheet="Theft from person", kind="diff", quoted=32, grid=31, agree=False),
    dict(sheet="Theft from person", kind="r12", quoted=351, grid=351, agree=True),
    dict(sheet="Theft from MV", kind="ytd", quoted=789, grid=789, agree=True),
    dict(sheet="Theft from MV", kind="ytd_ly", quoted=725, grid=725, agree=True),
    dict(sheet="Theft from MV", kind="diff", quoted=64, grid=64, agree=True),
    dict(sheet="Theft from MV", kind="r12", quoted=1052, grid=1045, agree=False),
    dict(sheet="Theft of MV", kind="ytd", quoted=701, grid=701, agree=True),
    dict(sheet="Theft of MV", kind="ytd_ly", quoted=551, grid=559, agree=False),
    dict(sheet="Theft of MV", kind="diff", quoted=150, grid=142, agree=False),
    dict(sheet="Theft of MV", kind="r12", quoted=919, grid=916, agree=False),
    dict(sheet="Sexual offences", kind="ytd", quoted=350, grid=350, agree=True),
    dict(sheet="Sexual offences", kind="ytd_ly", quoted=304, grid=305, agree=False),
    dict(sheet="Sexual offences", kind="r12", quoted=461, grid=456, agree=False),
    dict(sheet="Domestic violence", kind="diff", quoted=-190, grid=-190, agree=True),
    dict(sheet="Domestic violence", kind="r12", quoted=2407, grid=2407, agree=True),
    dict(sheet="SYV", kind="r12", quoted=251, grid=251, agree=True),
    dict(sheet="Arson", kind="ytd", quoted=165, grid=164, agree=False),  # monthly sum 164
    dict(sheet="Arson", kind="r12", quoted=219, grid=None, agree=None),  # not derivable
    dict(sheet="Outdoor rubbish fires", kind="ytd", quoted=144, grid=144, agree=True),
    dict(sheet="MARAC repeats", kind="ytd", quoted=70, grid=70, agree=True),
    dict(sheet="ATR", kind="ytd", quoted=21, grid=21, agree=True),
    dict(sheet="DRR", kind="ytd", quoted=14, grid=14, agree=True),
]
