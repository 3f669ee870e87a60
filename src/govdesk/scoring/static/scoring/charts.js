// The notice page's two charts (ECharts, served from static/vendor): the monthly
// trend of the office's total and this period's scores by unit.
(function () {
  function draw() {
    var source = document.getElementById("notice-charts");
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    var trend = echarts.init(document.getElementById("chart-trend"));
    trend.setOption({
      title: { text: "各月得分合计", left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.trend.months },
      yAxis: { type: "value" },
      series: [{ type: "line", data: data.trend.points, itemStyle: { color: "#c0392b" } }],
    });
    var ranking = echarts.init(document.getElementById("chart-ranking"));
    ranking.setOption({
      title: { text: "本期得分前" + data.ranking.units.length + "名", left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 24, containLabel: true },
      xAxis: { type: "value" },
      // Every unit named, first place included: no skipped labels, long names cut short.
      yAxis: {
        type: "category",
        data: data.ranking.units.slice().reverse(),
        axisLabel: { interval: 0, width: 96, overflow: "truncate" },
      },
      series: [{ type: "bar", data: data.ranking.points.slice().reverse(), itemStyle: { color: "#c0392b" } }],
    });
    window.addEventListener("resize", function () { trend.resize(); ranking.resize(); });
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
