"""The demo world: citizens, their records, halls and services (all fictional).

Dates are offsets from the seed day (months for contributions, days for events)
so the demo always looks current, yet the same seed day always yields the same
rows.  Identity numbers and phones exist only in masked form.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Job:
    """An employment period that produced monthly contributions (month offsets, inclusive)."""

    employer: str
    first: int
    last: int
    base_fen: int
    yearly_raise_fen: int = 0


@dataclass(frozen=True)
class Fund:
    masked_account_no: str
    status: str
    base_fen: int
    balance_fen: int
    first: int  # month offsets of first and last deposit
    last: int
    rate_pct: int = 5  # personal and employer each


@dataclass(frozen=True)
class Step:
    name: str
    state: str
    hours: float | None  # after submission; None = not reached
    note: str | None = None


@dataclass(frozen=True)
class ApplicationSeed:
    service_name: str
    category: str
    department: str
    status: str
    days_ago: int
    steps: tuple[Step, ...]
    note: str | None = None


@dataclass(frozen=True)
class TicketSeed:
    kind: str
    category: str
    description: str
    location: str
    days_ago: int
    time: str


@dataclass(frozen=True)
class ViolationSeed:
    days_ago: int
    time: str
    location: str
    behaviour: str
    fine_yuan: int
    points: int
    handled: bool


@dataclass(frozen=True)
class VehicleSeed:
    plate: str
    vehicle_type: str
    years_ago: int
    violations: tuple[ViolationSeed, ...] = ()


@dataclass(frozen=True)
class AppointmentSeed:
    service_code: str
    hall_id: str
    slot: str


@dataclass(frozen=True)
class PersonaSeed:
    id: str
    display_name: str
    description: str
    masked_id_number: str
    masked_phone: str
    gender: str
    age: int
    district: str
    shenzhen_hukou: bool
    owns_home_in_shenzhen: bool
    jobs: tuple[Job, ...]
    fund: Fund
    retired_month_offset: int | None = None
    monthly_pension_fen: int | None = None
    status_overrides: dict[int, str] = field(default_factory=dict)  # month offset → contribution status
    applications: tuple[ApplicationSeed, ...] = ()
    tickets: tuple[TicketSeed, ...] = ()
    vehicles: tuple[VehicleSeed, ...] = ()
    appointments: tuple[AppointmentSeed, ...] = ()


def _done(*names_hours: tuple[str, float, str | None]) -> tuple[Step, ...]:
    return tuple(Step(name, "done", hours, note) for name, hours, note in names_hours)


PERSONAS: tuple[PersonaSeed, ...] = (
    PersonaSeed(
        id="zhang", display_name="张**", gender="男", age=35, district="南山区",
        description="35 岁，南山区上班族，深圳户籍，租房住，有一辆燃油小汽车",
        masked_id_number="4403**********1234", masked_phone="138****5678",
        shenzhen_hukou=True, owns_home_in_shenzhen=False,
        jobs=(Job("深圳市前海星河网络科技有限公司", -124, -77, 800_000, 60_000),
              Job("深圳市鹏城智联科技有限公司", -76, -1, 1_600_000, 100_000)),
        fund=Fund("2016****8875", "normal", 2_000_000, 8_642_050, -124, -1),
        applications=(
            ApplicationSeed("往来港澳通行证签注（一签多行）", "exit_entry", "深圳市公安局出入境管理局", "completed", 20,
                            _done(("申请提交", 0, None), ("受理", 0.2, None), ("审核", 24, None),
                                  ("签注制作", 26, None), ("办结", 48, "签注已生效，可在自助通关时使用"))),
            ApplicationSeed("公共租赁住房轮候申请", "housing_property", "深圳市住房和建设局", "reviewing", 5,
                            (*_done(("申请提交", 0, None), ("受理", 24, None)), Step("资格审核", "current", 26),
                             Step("结果公示", "pending", None), Step("办结", "pending", None)),
                            note="资格审核一般需要 15 个工作日，结果会短信通知"),
        ),
        vehicles=(VehicleSeed("粤B12345", "小型汽车", 6, (
            ViolationSeed(40, "08:15", "南山区深南大道与科技园路口", "驾驶机动车违反道路交通信号灯通行", 200, 6, True),
            ViolationSeed(8, "19:30", "南山区科苑南路", "机动车违反规定停放、临时停车", 200, 0, False),
        )),),
        appointments=(AppointmentSeed("hk_macau_permit", "nanshan", "10:00-11:00"),),
    ),
    PersonaSeed(
        id="chen", display_name="陈**", gender="女", age=70, district="罗湖区",
        description="70 岁，罗湖区退休居民，按月领养老金，适合体验长辈版",
        masked_id_number="4403**********2468", masked_phone="139****0021",
        shenzhen_hukou=True, owns_home_in_shenzhen=True,
        jobs=(Job("深圳市罗湖区东门百货商店", -370, -186, 150_000, 20_000),),
        fund=Fund("1995****3306", "sealed", 450_000, 2_345_678, -370, -186),
        retired_month_offset=-185, monthly_pension_fen=486_000,
        applications=(
            ApplicationSeed("老年人优待证办理", "elderly_civil", "罗湖区民政局", "producing", 3,
                            (*_done(("申请提交", 0, None), ("受理", 3, None), ("审核", 30, None)),
                             Step("制证", "current", 50), Step("领取", "pending", None)),
                            note="制证完成后会短信通知，到所在社区工作站领取"),
            ApplicationSeed("异地就医备案", "medical_insurance", "深圳市医疗保障局", "completed", 40,
                            _done(("申请提交", 0, None), ("审核", 0.1, "系统自动审核通过"), ("办结", 0.1, None))),
        ),
        tickets=(TicketSeed("help", "property", "小区 3 号楼的电梯经常停运，老人上下楼很不方便，请督促物业尽快维修。",
                            "罗湖区东门街道某小区 3 号楼", 2, "09:30"),),
        appointments=(AppointmentSeed("social_security_card", "luohu", "09:00-10:00"),),
    ),
    PersonaSeed(
        id="li", display_name="李**", gender="女", age=28, district="宝安区",
        description="28 岁，刚来深圳工作两个月，非深户，住宝安区，开新能源车",
        masked_id_number="4201**********3321", masked_phone="186****3321",
        shenzhen_hukou=False, owns_home_in_shenzhen=False,
        jobs=(Job("深圳市宝安区海滨物流有限公司", -2, -1, 650_000),),
        fund=Fund("2026****5120", "normal", 650_000, 130_000, -2, -1),
        applications=(
            ApplicationSeed("居住登记", "household_residence", "宝安区新安派出所", "completed", 55,
                            _done(("申请提交", 0, None), ("审核", 24, None), ("办结", 25, "居住登记已生效"))),
            ApplicationSeed("房屋租赁登记备案", "housing_property", "宝安区住房和建设局", "needs_supplement", 6,
                            (*_done(("申请提交", 0, None), ("受理", 4, None)),
                             Step("材料审核", "current", 28, "请补充上传出租人身份证明"), Step("办结", "pending", None)),
                            note="请在 i深圳“我的办件”里补充材料，补正后重新计算办理时限"),
        ),
        vehicles=(VehicleSeed("粤BD12345", "小型新能源汽车", 1, (
            ViolationSeed(15, "07:50", "宝安区宝安大道（西乡段）", "机动车行驶超过规定时速 10% 以上未达 20%", 200, 1, False),
        )),),
    ),
    PersonaSeed(
        id="wang", display_name="王**", gender="男", age=46, district="龙岗区",
        description="46 岁，龙岗区个体户，名下有房，最近两个月社保欠费，有两辆车",
        masked_id_number="4403**********7719", masked_phone="135****8866",
        shenzhen_hukou=True, owns_home_in_shenzhen=True,
        jobs=(Job("深圳市龙岗区王记五金商行", -190, -1, 500_000, 30_000),),
        fund=Fund("2011****0462", "normal", 1_000_000, 15_632_000, -190, -1),
        status_overrides={-3: "arrears", -2: "arrears", -30: "back_paid"},
        applications=(
            ApplicationSeed("个体工商户变更登记", "business", "龙岗区市场监督管理局", "completed", 30,
                            _done(("申请提交", 0, None), ("审核", 2, None), ("办结", 3, "已换发营业执照"))),
            ApplicationSeed("驾驶证期满换证", "traffic_police", "深圳市公安局交通警察局", "delivering", 4,
                            (*_done(("申请提交", 0, None), ("审核", 1, None), ("制证", 24, None)),
                             Step("邮寄", "current", 26, "EMS 寄递中"), Step("签收", "pending", None))),
        ),
        tickets=(TicketSeed("complaint", "noise", "楼下商铺每晚十一点后还在装卸货，噪音很大，影响休息。",
                            "龙岗区布吉街道某商业街", 10, "21:40"),),
        vehicles=(
            VehicleSeed("粤B88K66", "小型汽车", 9, (
                ViolationSeed(60, "10:20", "龙岗区龙岗大道（布吉段）", "机动车违反规定停放、临时停车", 200, 0, True),
                ViolationSeed(3, "17:05", "龙岗区龙翔大道", "驾驶机动车不按导向车道行驶", 100, 2, False),
            )),
            VehicleSeed("粤BF23456", "小型新能源汽车", 2),
        ),
    ),
)

#: (code, name, category id, materials)
SERVICES: tuple[tuple[str, str, str, str], ...] = (
    ("hk_macau_permit", "往来港澳通行证及签注", "exit_entry", "居民身份证；非深户还需深圳居住证"),
    ("passport", "普通护照", "exit_entry", "居民身份证"),
    ("residence_permit", "深圳经济特区居住证", "household_residence", "居民身份证、数码相片回执、居住证明"),
    ("id_card", "居民身份证换领补领", "household_residence", "户口簿或原居民身份证"),
    ("social_security_card", "社保卡申领补换", "social_insurance", "居民身份证、数码相片回执"),
    ("housing_fund", "住房公积金业务", "housing_fund", "居民身份证及业务相关证明"),
    ("driver_licence", "驾驶证业务", "traffic_police", "驾驶证、居民身份证、体检证明"),
    ("business_registration", "企业开办与变更登记", "business", "身份证件、经营场所证明"),
    ("marriage_registration", "婚姻登记", "marriage_family", "双方居民身份证、近期半身免冠合影照片"),
)

_LOCAL = "residence_permit,id_card,social_security_card"
#: (id, name, district, address, open ISO weekdays, places per slot, service codes)
HALLS: tuple[tuple[str, str, str, str, str, int, str], ...] = (
    ("city", "深圳市民中心行政服务大厅", "福田区", "福田区福中三路市民中心", "123456", 6,
     ",".join(code for code, *_ in SERVICES)),
    ("futian", "福田区政务服务中心", "福田区", "福田区福华路", "12345", 4,
     f"{_LOCAL},housing_fund,business_registration,marriage_registration,hk_macau_permit,passport"),
    ("luohu", "罗湖区政务服务中心", "罗湖区", "罗湖区红岭中路", "12345", 4,
     f"{_LOCAL},housing_fund,marriage_registration,hk_macau_permit"),
    ("nanshan", "南山区政务服务中心", "南山区", "南山区南山大道", "12345", 4,
     f"{_LOCAL},housing_fund,business_registration,hk_macau_permit,passport,driver_licence"),
    ("yantian", "盐田区政务服务中心", "盐田区", "盐田区深盐路", "12345", 3, f"{_LOCAL},business_registration"),
    ("baoan", "宝安区政务服务中心", "宝安区", "宝安区创业一路", "12345", 4,
     f"{_LOCAL},housing_fund,business_registration,hk_macau_permit,driver_licence"),
    ("longgang", "龙岗区政务服务中心", "龙岗区", "龙岗区龙福路", "12345", 4,
     f"{_LOCAL},housing_fund,business_registration,hk_macau_permit,driver_licence,marriage_registration"),
    ("longhua", "龙华区政务服务中心", "龙华区", "龙华区人民路", "12345", 4,
     f"{_LOCAL},business_registration,hk_macau_permit"),
    ("pingshan", "坪山区政务服务中心", "坪山区", "坪山区东纵路", "12345", 3, f"{_LOCAL},business_registration"),
    ("guangming", "光明区政务服务中心", "光明区", "光明区华夏路", "12345", 3, f"{_LOCAL},business_registration"),
    ("dapeng", "大鹏新区政务服务中心", "大鹏新区", "大鹏新区葵新北路", "12345", 3, _LOCAL),
    ("shenshan", "深汕特别合作区政务服务中心", "深汕特别合作区", "深汕特别合作区鹅埠镇创元路", "12345", 2,
     "residence_permit,social_security_card,business_registration,hk_macau_permit"),
)
HALL_PHONE = "12345"
