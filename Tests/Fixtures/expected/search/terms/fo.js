handbookSearchLoaded("terms/fo",{"focus":[19,5,20,5,21,5,22,5,23,5,24,5],"folder":[14,4]});
