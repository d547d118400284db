handbookSearchLoaded("terms/70",{"70":[8,3]});
