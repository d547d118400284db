handbookSearchLoaded("terms/do",{"do":[8,18],"done":[14,1]});
