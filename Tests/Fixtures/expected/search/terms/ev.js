handbookSearchLoaded("terms/ev",{"every":[25,4,7,1]});
