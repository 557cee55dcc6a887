<table class="tb_main" width="100%">
<tr class="tr_main_title"><td>序号</td><td>名称</td><td>生成日期</td></tr>
<tr class="tr_main_value_odd"><td>1</td><td><a href="/art/2022/1/26/art_11565_300001.html" title="哈尔滨市科学技术局2021年政府信息公开工作年度报告" target="_blank">哈尔滨市科学技术局2021年政府信息公开工作年度报告</a></td><td>2022-01-26</td></tr>
<tr class="tr_main_value_even"><td>2</td><td><a href="/art/2021/6/1/art_11565_300002.html" title="哈尔滨市科学技术局政府信息公开指南" target="_blank">哈尔滨市科学技术局政府信息公开指南</a></td><td>2021-06-01</td></tr>
<tr class="tr_main_value_odd"><td>3</td><td><a href="/art/2021/1/29/art_11565_300003.html" title="哈尔滨市科学技术局2020年政府信息公开工作年度报告" target="_blank">哈尔滨市科学技术局2020年政府信息公开工作年度报告</a></td><td>2021-01-29</td></tr>
</table>
<table class="tb_title"><tr><td>共7条记录 共3页 第1页
<a href="javascript:funGoPage('/module/xxgk/search.jsp', 2)">下一页</a>
<a href="javascript:funGoPage('/module/xxgk/search.jsp', 3)">尾页</a></td></tr></table>
