"""Raw figures of the corpus, copied from the five public reference reports (no file is read).

Only inputs live here (monthly, quarterly and yearly actuals, numerators and denominators,
populations). Derived rows that the builder types into the returns (YTD, % change, R12, rate)
are computed from these by the builder, and the test recomputes them independently.

Sources (the project's reference seeds, public documents):
- 000: a partnership's performance guide (baselines 2009/10 and 2010/11);
- 001: Barking and Dagenham one-page summaries, December 2016 (FY 2016/17). The 2015/16 months
  are the ones derived in tests/published.py so the published R12 is reproduced;
- 002: Redcar & Cleveland 2007 assessment (yearly figures, typed arrows);
- 003: Safer Plymouth, July 2015 (FY 2015/16, reporting June);
- 004: Leicestershire 2014/15 Q1 dashboard. The seed text has the layout and the words but no
  district figures, so the district quarters here are INVENTED (plausible, fixed).
"""

from __future__ import annotations

from datetime import date

# --- 001 Barking and Dagenham, FY 2016/17, Apr..Dec 2016 actual; 2015/16 months -----------------
BD_FY = 2016
BD: dict[str, dict[str, list[int]]] = {
    "TNO": dict(
        actual=[1383, 1639, 1532, 1614, 1438, 1425, 1403, 1387, 1386],
        last_year=[1342, 1496, 1440, 1584, 1411, 1432, 1366, 1514, 1463, 1489, 1358, 1533],
    ),
    "Violence with injury": dict(
        actual=[163, 194, 201, 207, 175, 190, 154, 173, 167],
        last_year=[188, 183, 196, 184, 181, 187, 167, 195, 158, 168, 153, 174],
    ),
    "Robbery": dict(
        actual=[37, 54, 54, 47, 39, 50, 42, 34, 40],
        last_year=[46, 53, 40, 48, 45, 52, 53, 43, 53, 52, 48, 54],
    ),
    "Personal robbery": dict(
        actual=[36, 51, 51, 48, 34, 46, 37, 25, 36],
        last_year=[38, 49, 38, 42, 42, 51, 48, 39, 48, 47, 43, 48],
    ),
    "Burglary": dict(
        actual=[88, 121, 109, 88, 85, 93, 97, 101, 118],
        last_year=[107, 102, 94, 131, 145, 127, 138, 147, 151, 133, 121, 137],
    ),
    "Residential burglary": dict(
        actual=[47, 79, 62, 55, 53, 47, 59, 76, 98],
        last_year=[65, 61, 68, 89, 89, 77, 104, 111, 119, 89, 81, 92],
    ),
    "Criminal damage": dict(
        actual=[125, 203, 141, 165, 152, 126, 141, 139, 127],
        last_year=[132, 178, 122, 162, 130, 128, 114, 162, 177, 165, 151, 170],
    ),
    "Theft from person": dict(
        actual=[38, 30, 24, 31, 21, 19, 32, 22, 32],
        last_year=[28, 20, 20, 21, 23, 17, 18, 35, 36, 35, 32, 35],
    ),
    "Theft from MV": dict(
        actual=[91, 80, 88, 103, 85, 80, 87, 97, 78],
        last_year=[70, 80, 77, 88, 76, 95, 75, 81, 83, 87, 79, 90],
    ),
    "Theft of MV": dict(
        actual=[79, 78, 74, 84, 64, 81, 77, 90, 74],
        last_year=[64, 48, 60, 74, 71, 42, 60, 67, 73, 73, 67, 75],
    ),
    "Sexual offences": dict(
        actual=[37, 45, 44, 31, 34, 36, 39, 39, 45],
        last_year=[26, 30, 34, 40, 27, 28, 32, 49, 39, 36, 33, 37],
    ),
    "Domestic violence": dict(
        actual=[170, 222, 196, 221, 229, 195, 196, 203, 186],
        last_year=[202, 237, 213, 271, 243, 231, 194, 192, 225, 200, 183, 206],
    ),
    "SYV": dict(
        actual=[19, 31, 16, 24, 16, 26, 12, 19, 14],
        last_year=[27, 16, 10, 17, 17, 29, 22, 22, 14, 25, 23, 26],
    ),
}
# TNO 2014/15 months (INVENTED shape): they add up to the seed's History total 16,201 and give
# the published previous rolling 12 months to December 2015 of 17,167 (Jan-Mar 2015 = 4,119).
BD_TNO_2014 = [1243, 1385, 1333, 1467, 1307, 1326, 1265, 1402, 1354, 1349, 1302, 1468]
BD_DENOMINATORS: dict[str, list[tuple[int, date]]] = {
    "Residents": [(198294, date(2015, 6, 30)), (201979, date(2016, 6, 30))],
    "Households": [(69677, date(2015, 6, 30))],
    "Young people 1-19": [(55021, date(2011, 3, 27))],
    "DV residents": [(185915, date(2011, 3, 27))],
}
# Percentage indicators (the corrected main-sample numerators), Apr..Dec 2016.
BD_ATR = dict(numerator=[3, 0, 1, 3, 5, 1, 4, 2, 2], denominator=[4, 3, 2, 3, 5, 1, 6, 3, 3])
BD_DRR = dict(numerator=[2, 1, 1, 1, 3, 2, 1, 2, 1], denominator=[2, 5, 3, 4, 6, 5, 3, 4, 4])
# MARAC repeats as published; all-referrals months invented (as in samples/).
BD_MARAC = dict(
    numerator=[8, 6, 8, 9, 7, 8, 5, 8, 11], denominator=[33, 27, 31, 34, 29, 30, 26, 31, 34]
)

# --- 003 Safer Plymouth, FY 2015/16, reporting June 2015 ----------------------------------------
PLY_FY = 2015
PLY_DV = dict(
    history={"12/13.": None, "13/14.": 7103, "14/15": 6587},
    last_year=[542, 572, 625, 662, 564, 528, 519, 544, 587, 480, 488, 476],
    actual=[556, 572, 504],
    target_cum=[549, 1098, 1647, 2196, 2745, 3294, 3843, 4392, 4941, 5490, 6039, 6588],
)
PLY_ASB = dict(
    history={"12/13.": 14342, "13/14.": 10291, "14/15": 10299},
    last_year=[808, 882, 1023, 1056, 915, 982, 850, 755, 682, 639, 642, 831],
    actual=[864, 894, 769],
    target_cum=[838, 1676, 2514, 3352, 4190, 5028, 5866, 6704, 7542, 8380, 9218, 10064],
)
PLY_SAC = dict(
    history={"12/13.": 2244, "13/14.": 1969, "14/15": 2017},
    last_year=[179, 155, 182, 139, 162, 198, 154, 168, 163, 170, 171, 176],
    actual=[196, 195],
)
# Hate incidents: the return gives ONLY cumulative rows (monthly figures come by differencing).
PLY_HATE = dict(
    cum_last_year=[55, 109, 152, 208, 247, 292, 354, 408, 456, 504, 551, 617],
    cum_this_year=[58, 122, 174],
    history={"13/14.": 603, "14/15": 617},
    target_cum=[53, 105, 157, 208, 260, 312, 364, 416, 468, 520, 571, 621],
)
# "Closing the gap" page as published (gap per 1,000 and all-crime cumulative rows).
PLY_GAP = dict(
    gap_this_year=[6.5, 12.6, 18],
    gap_last_year=[6.90, 13.50, 19.60, 26.40, 32.50, 39.30, 45.80, 52.20, 58.40, 64.20, 70.60,
                   77.40],
    target=[6.44, 12.88, 19.32, 25.76, 32.2, 38.64, 45.08, 51.52, 57.96, 64.4, 70.84, 77.3],
    crime_cum_last_year=[1612, 3158, 4786, 6369, 7876, 9425, 10991, 12545, 14163, 15649, 17142,
                         18822],
    crime_cum_this_year=[1662, 3368, 4799],
)  # fmt: skip
# Quarterly sheets.
PLY_REFERRALS = dict(
    last_year=[629, 727, 760, 549], actual=[525], target_cum=[667, 1334, 2001, 2666]
)
PLY_DASH = dict(last_year=[15, 15, 15, 13], actual=[58], target_cum=[50, 100, 150, 200])

# --- 004 Leicestershire, FY 2014/15 quarter 1 (district figures INVENTED) -------------------------
LEI_FY = 2014
LEI_CRIMINAL_DAMAGE: dict[str, dict[str, list[int]]] = {
    "Blaby": dict(last_year=[212, 198, 187, 176], actual=[201]),
    "Charnwood": dict(last_year=[455, 431, 402, 398], actual=[419]),
    "Harborough": dict(last_year=[141, 152, 133, 120], actual=[128]),
    "Melton": dict(last_year=[97, 88, 91, 84], actual=[90]),
}
LEI_DA_REPORTS: dict[str, dict[str, list[int]]] = {
    "Hinckley and Bosworth": dict(last_year=[301, 322, 340, 297], actual=[288]),
    "North West Leicestershire": dict(last_year=[276, 290, 311, 268], actual=[262]),
    "Oadby and Wigston": dict(last_year=[118, 124, 131, 109], actual=[121]),
}
# MARAC repeat cases of all cases discussed, per quarter (2013/14 and 2014/15 Q1).
LEI_MARAC = dict(
    numerator=[41],
    denominator=[152],
    numerator_ly=[28, 30, 27, 33],
    denominator_ly=[140, 146, 139, 151],
)

# --- 002 Redcar & Cleveland, yearly figures (column 2003 = 2003/04 ... 2006 = 2006/07) -----------
RED_YEARS = ["2002", "2003", "2004", "2005", "2006"]
RED_PSA1: dict[str, tuple[list[int | None], str]] = {
    "Theft of Vehicle": ([None, 1029, 721, 640, 547], "▲"),
    "Theft from Vehicle": ([None, 1542, 1034, 1082, 1126], "▼"),
    "Vehicle Interference": ([None, 409, 368, 269, 233], "▲"),
    "Domestic Burglary": ([None, 1048, 739, 829, 700], "▲"),
    "Theft/unauthorised taking of a cycle": ([None, 245, 272, 371, 300], "▲"),
    "Theft from Person": ([None, 106, 135, 164, 163], "◀▶"),
    "Robbery": ([None, 77, 107, 75, 76], "◀▶"),
    "Common Assault": ([None, 943, 477, 632, 646], "▼"),
    "Wounding": ([None, 487, 1430, 1555, 1387], "▲"),
    "Criminal Damage": ([None, 4317, 4649, 5180, 5456], "▼"),
}
RED_FY_YEARS = ["2002/03", "2003/04", "2004/05", "2005/06", "2006/07"]
# Borough minus national rate, per 1,000 (no 2006/07 national figure yet).
RED_GAP_NATIONAL: dict[str, tuple[list[float | None], str]] = {
    "Theft from a Motor Vehicle": ([None, 0.4, 2.0, 1.8, None], "▼"),
    "Vehicle Interference": ([None, -0.1, -1.1, -0.7, None], "▲"),
    "Robbery": ([None, 1.4, 1.7, 1.3, None], "▼"),
}
RED_DRUGS: dict[str, tuple[list[int | None], str]] = {
    "The total number of people in drug treatment": ([None, None, 474, 541, 568], "▲"),
}

# --- 000 performance guide: baselines (2009/10 from the stated change on 2010/11) ----------------
GUIDE_YEARS = ["2008/09", "2009/10", "2010/11"]
GUIDE: dict[str, tuple[list[float | None], str]] = {
    "The number of crimes of violence": ([None, 2182, 1975], "Low"),  # 9.5% reduction
    "The number of domestic violence offences": ([None, 1991, 1770], "Low"),  # 11.1% reduction
    "The number of sexual offences": ([None, 265, 263], "Low"),
    "The number of robbery offences": ([None, 831, 929], "Low"),  # 11.8% rise
    "Alcohol related offences per 1,000 population": ([15.9, 15.7, None], "Low"),
}
