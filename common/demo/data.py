"""The facts of the demo: Yiyang's workstations, sectors, members, departments and categories."""

# (code, name, level, parent code, address, reception hours)
WORKSTATIONS = [
    (
        "yiyang",
        "益阳市政协委员工作室",
        "city",
        None,
        "益阳市赫山区康富北路市政协机关",
        "每周三上午，市政协机关一楼接待室",
    ),
    ("heshan", "赫山区政协委员工作室", "county", "yiyang", "赫山区龙岭大道区政协机关", "每周二上午"),
    ("ziyang", "资阳区政协委员工作室", "county", "yiyang", "资阳区资江西路区政协机关", "每周四上午"),
    ("taojiang", "桃江县政协委员工作室", "county", "yiyang", "桃江县桃花江镇县政协机关", "每周一上午"),
    ("huilongshan", "会龙山街道委员工作室", "township", "heshan", "会龙山街道办事处三楼", "每月第一、第三个星期三上午"),
    ("qiaobei", "桥北街道委员工作室", "township", "heshan", "桥北街道办事处二楼", "每月第二个星期四下午"),
    (
        "xiliuwan",
        "西流湾社区委员工作室",
        "community",
        "huilongshan",
        "会龙山街道西流湾社区居委会二楼",
        "每月第一个星期一上午，居委会二楼",
    ),
    ("luoxi", "罗溪社区委员工作室", "community", "huilongshan", "会龙山街道罗溪社区居委会一楼", "每月第一个星期五上午"),
    ("taohualun", "桃花仑社区委员工作室", "community", "qiaobei", "桥北街道桃花仑社区服务中心", "每月第二个星期二上午"),
    ("yingbin", "迎宾社区委员工作室", "community", "qiaobei", "桥北街道迎宾社区居委会", "每月第三个星期一下午"),
    ("dayuan", "大码头社区委员工作室", "community", "ziyang", "资阳区大码头街道社区服务站", "每月第一个星期二上午"),
    (
        "taohuajiang",
        "桃花江社区委员工作室",
        "community",
        "taojiang",
        "桃江县桃花江镇社区居委会",
        "每月第二个星期一上午",
    ),
]

SECTORS = [
    "中国共产党",
    "中国国民党革命委员会",
    "中国民主同盟",
    "中国民主建国会",
    "中国民主促进会",
    "中国农工民主党",
    "九三学社",
    "无党派人士",
    "工商联",
    "经济界",
    "农业界",
    "教育界",
    "科学技术界",
    "医药卫生界",
    "社会福利和社会保障界",
]

# (username, name, sector index, title, workstation codes)
MEMBERS = [
    ("wangjianguo", "王建国", 0, "市政协常委", ["xiliuwan", "yiyang"]),
    ("lixiuying", "李秀英", 11, "市政协委员、市一中教师", ["xiliuwan"]),
    ("zhangwei", "张伟", 9, "市政协委员、企业负责人", ["xiliuwan"]),
    ("liuyang", "刘洋", 13, "市政协委员、市中心医院医生", ["xiliuwan", "luoxi"]),
    ("chenjing", "陈静", 2, "市政协委员", ["luoxi"]),
    ("yangfan", "杨帆", 10, "市政协委员、农业合作社理事长", ["luoxi"]),
    ("zhaolei", "赵磊", 12, "市政协委员、工程师", ["luoxi"]),
    ("huangmin", "黄敏", 4, "区政协委员", ["taohualun"]),
    ("zhouqiang", "周强", 8, "区政协委员", ["taohualun"]),
    ("wuxia", "吴霞", 14, "区政协委员、社工", ["yingbin"]),
    ("xujun", "徐军", 1, "区政协委员", ["yingbin"]),
    ("sunli", "孙丽", 3, "区政协委员", ["huilongshan"]),
    ("mafang", "马芳", 5, "区政协委员", ["huilongshan"]),
    ("zhuhong", "朱红", 6, "区政协委员", ["qiaobei"]),
    ("huwei", "胡伟", 7, "区政协委员", ["qiaobei"]),
    ("guoping", "郭平", 9, "区政协委员", ["dayuan"]),
    ("hefeng", "何峰", 11, "区政协委员", ["dayuan"]),
    ("linna", "林娜", 13, "县政协委员", ["taohuajiang"]),
    ("luotao", "罗涛", 10, "县政协委员", ["taohuajiang"]),
    ("zhengyu", "郑宇", 0, "区政协委员", ["heshan"]),
    ("xiebin", "谢斌", 12, "区政协委员", ["heshan", "ziyang"]),
    ("tangyan", "唐艳", 2, "县政协委员", ["taojiang"]),
    ("dengchao", "邓超", 9, "区政协委员", ["ziyang"]),
    ("fengxue", "冯雪", 14, "市政协委员", ["yiyang"]),
]

# The CPPCC bodies: (key, name, level, parent key, the workstations they own with those below them).
# The city's office runs the city's and the central district's (赫山区) workstations; the two
# counties have their own CPPCC, reviewers, office staff and bureaus.
BODIES = [
    ("yiyang", "益阳市政协", "city", None, ["yiyang", "heshan"]),
    ("ziyang", "资阳区政协", "county", "yiyang", ["ziyang"]),
    ("taojiang", "桃江县政协", "county", "yiyang", ["taojiang"]),
]
# A county's own bureaus: (body key, name, short name, contact).
COUNTY_DEPARTMENTS = [
    ("ziyang", "资阳区城市管理和综合执法局", "资阳区城管局", "何科长"),
    ("taojiang", "桃江县住房和城乡建设局", "桃江县住建局", "罗科长"),
]

# (name, short name, contact, e-mail, channel)
DEPARTMENTS = [
    ("益阳市城市管理和综合执法局", "城管局", "刘科长", "cgj@example.gov.cn", "email"),
    ("益阳市住房和城乡建设局", "住建局", "陈科长", "zjj@example.gov.cn", "email"),
    ("益阳市行政审批服务局", "行政审批服务局", "王科长", "", "in_app"),
    ("益阳市水务局", "水务局", "李科长", "", "in_app"),
    ("益阳市交通运输局", "交通运输局", "赵科长", "", "in_app"),
    ("益阳市生态环境局", "生态环境局", "孙科长", "", "in_app"),
    ("益阳市教育局", "教育局", "周科长", "", "in_app"),
    ("益阳市人力资源和社会保障局", "人社局", "吴科长", "", "in_app"),
    ("益阳市民政局", "民政局", "郑科长", "", "in_app"),
    ("国网益阳供电公司", "供电公司", "钱经理", "", "in_app"),
]

# (code, name)
CATEGORIES = [
    ("water", "供水排水"),
    ("power", "供电"),
    ("roads", "道路交通"),
    ("environment", "环境卫生"),
    ("noise", "噪音扰民"),
    ("housing", "住房物业"),
    ("social-security", "社会保障"),
    ("education", "教育"),
    ("health", "医疗卫生"),
    ("policy", "政策咨询"),
    ("other", "其他"),
]

# Reception rules per workstation: (weekday 0=Monday, nth week of the month or None for every week
# (-1: the last), slot), as their published reception hours say.
RECEPTION_RULES = {
    "yiyang": [(2, None, "morning")],
    "heshan": [(1, None, "morning")],
    "ziyang": [(3, None, "morning")],
    "taojiang": [(0, None, "morning")],
    "huilongshan": [(2, 1, "morning"), (2, 3, "morning")],
    "qiaobei": [(3, 2, "afternoon")],
    "xiliuwan": [(0, 1, "morning")],
    "luoxi": [(4, 1, "morning")],
    "taohualun": [(1, 2, "morning")],
    "yingbin": [(0, 3, "afternoon")],
    "dayuan": [(1, 1, "morning")],
    "taohuajiang": [(0, 2, "morning")],
}
