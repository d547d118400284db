handbookSearchLoaded("terms/fo",{"focus":[19,4,20,4,21,4,22,4,23,4,24,4],"folder":[14,4]});
