handbookSearchLoaded("terms/lo",{"low":[8,3]});
