<datastore>
<totalrecord>6163</totalrecord>
<totalpage>309</totalpage>
<nextgroup><![CDATA[<a href="./dataproxy.jsp?page=5&appid=1&webid=3095&path=/&columnid=1229165988&unitid=6868686&webname=%E4%BD%99%E6%9D%AD&permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[<li><a href="http://www.yuhang.gov.cn/art/2020/8/1/art_1229179150_1872801.html" title="余杭区政务信息1"><span>余杭区政务信息1</span><i>2020-08-01</i></a></li>]]></record>
<record><![CDATA[<li><a href="http://www.yuhang.gov.cn/art/2020/8/2/art_1229179150_1872802.html" title="余杭区政务信息2"><span>余杭区政务信息2</span><i>2020-08-02</i></a></li>]]></record>
<record><![CDATA[<li><a href="http://www.yuhang.gov.cn/art/2020/8/3/art_1229179150_1872803.html" title="余杭区政务信息3"><span>余杭区政务信息3</span><i>2020-08-03</i></a></li>]]></record>
<record><![CDATA[<li><a href="http://www.yuhang.gov.cn/art/2020/8/4/art_1229179150_1872804.html" title="余杭区政务信息4"><span>余杭区政务信息4</span><i>2020-08-04</i></a></li>]]></record>
<record><![CDATA[<li><a href="http://www.yuhang.gov.cn/art/2020/8/5/art_1229179150_1872805.html" title="余杭区政务信息5"><span>余杭区政务信息5</span><i>2020-08-05</i></a></li>]]></record>
</recordset>
</datastore>
