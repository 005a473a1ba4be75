window.FONCIER_DATA = window.FONCIER_DATA || {};
window.FONCIER_DATA["site"] = {"bounds":[[48.72323,6.13902],[48.73673,6.15616]],
"site":{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[6.148061,48.72659],[6.150099,48.726536],[6.15018,48.727885],[6.148142,48.727938],[6.148061,48.72659]]]]},"properties":{"id":"54001_1","nom":"Ancienne filature","commune":"Alpha","statut":"friche sans projet","classe":"A","score":75.9,"rang":1,"ha":2.25,"est":0,"c":"#1a9850","href":"../sites/54001_1.html","pt":[6.149121,48.727237]}},
"park":null,
"near":[{"label":"gare","kind":"stations","nom":"Alpha-Gare","m":986,"pt":[6.14181,48.735756]}],
"communes":{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[6.126608,48.709152],[6.180926,48.707715],[6.183117,48.743663],[6.128762,48.7451],[6.126608,48.709152]]]]},"properties":{"nom":"Alpha"}}]},
"context":[
{"name":"stations","label":"gare","kind":"stations","synthetic":false,"colour":"#0868ac","data":{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[6.14181,48.735756]},"properties":{"nom":"Alpha-Gare"}}]}}]};
