handbookSearchLoaded("terms/si",{"side":[25,108,19,12,20,12,21,12,22,12,23,12,24,12,3,6]});
